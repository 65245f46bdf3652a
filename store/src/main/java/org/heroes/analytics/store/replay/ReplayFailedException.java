package org.heroes.analytics.store.replay;

/**
 * A replay stopped before the end of its range: a batch failed for a reason no record is to blame
 * for (the database or Kafka unavailable past the retries, or a fatal error such as a missing grant),
 * or the range could not be planned. What was committed before stays (every write is idempotent), so
 * the same replay can simply be run again once the cause is fixed.
 */
public class ReplayFailedException extends RuntimeException {

    public ReplayFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
