package org.heroes.analytics.client;

/**
 * A batch was not delivered: the service refused the request as a whole (401, 403, 413, a malformed
 * body), or it stayed unreachable or busy through every attempt. Events of earlier batches of the same
 * call may have been accepted; sending the same events again is safe, the eventIds make it idempotent.
 */
public final class IngestException extends RuntimeException {

    private final int status;

    IngestException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of the last answer, or 0 if the last attempt got no answer at all. */
    public int status() {
        return status;
    }

    /** Whether trying the same events later may succeed (the service was unreachable or busy). */
    public boolean retriable() {
        return status == 0 || status == 503 || status == 429;
    }
}
