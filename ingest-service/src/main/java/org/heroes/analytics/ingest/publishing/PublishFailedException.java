package org.heroes.analytics.ingest.publishing;

/**
 * Kafka did not acknowledge every record of a batch. Nothing of the batch counts as accepted; some
 * records may still have been written, which the {@code eventId} idempotency key makes harmless when
 * the client retries.
 */
public final class PublishFailedException extends RuntimeException {

    private final boolean retriable;

    public PublishFailedException(String message, Throwable cause, boolean retriable) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** Whether the same batch may succeed later (a timeout, a broker away) rather than never. */
    public boolean retriable() {
        return retriable;
    }
}
