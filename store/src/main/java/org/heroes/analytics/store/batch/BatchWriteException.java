package org.heroes.analytics.store.batch;

import org.heroes.analytics.store.failures.FailureKind;

/**
 * A batch could not be written for a reason that is not any one record's fault (transient or fatal,
 * see {@link FailureKind}). Thrown out of the listener so that nothing is committed and the
 * container's error handler retries the whole batch.
 */
public class BatchWriteException extends RuntimeException {

    private final FailureKind kind;

    BatchWriteException(FailureKind kind, String context, Throwable cause) {
        super(kind + " failure writing " + context + ": " + cause.getMessage(), cause);
        this.kind = kind;
    }

    public FailureKind kind() {
        return kind;
    }
}
