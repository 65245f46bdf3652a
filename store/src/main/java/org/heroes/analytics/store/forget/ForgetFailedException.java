package org.heroes.analytics.store.forget;

/**
 * A forget failed and was rolled back: the student is neither on the list nor removed. {@link #retriable()}
 * tells the operator whether running it again may succeed (database or PgBouncer briefly away, a deadlock)
 * or whether something must be fixed first (grants, a missing migration).
 */
public class ForgetFailedException extends RuntimeException {

    private final boolean retriable;

    ForgetFailedException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** True if the same forget may succeed when run again. */
    public boolean retriable() {
        return retriable;
    }
}
