package org.heroes.analytics.ingest.events;

/** The batch holds more items than one request may carry. */
public final class TooManyRecordsException extends RuntimeException {

    private final int count;
    private final int limit;

    public TooManyRecordsException(int count, int limit) {
        super("the batch holds " + count + " items; at most " + limit + " are allowed per request");
        this.count = count;
        this.limit = limit;
    }

    public int count() {
        return count;
    }

    public int limit() {
        return limit;
    }
}
