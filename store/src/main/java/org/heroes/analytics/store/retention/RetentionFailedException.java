package org.heroes.analytics.store.retention;

/**
 * A retention run stopped: a batch failed after its retries (or for a reason retrying cannot cure). Batches
 * committed before it stay committed; nothing is half-deleted, and the next run continues.
 */
public class RetentionFailedException extends RuntimeException {

    RetentionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
