package org.heroes.analytics.ingest.events;

/** The body is not JSON of the expected shape; nothing of it can be read item by item. */
public final class MalformedBatchException extends RuntimeException {

    public MalformedBatchException(String message) {
        super(message);
    }

    public MalformedBatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
