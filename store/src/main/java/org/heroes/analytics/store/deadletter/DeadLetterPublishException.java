package org.heroes.analytics.store.deadletter;

/**
 * Kafka did not acknowledge a batch's dead letters in time. Retriable: the batch fails, its offsets
 * are not committed, and the whole batch is retried (its database writes are idempotent).
 */
public class DeadLetterPublishException extends RuntimeException {

    DeadLetterPublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
