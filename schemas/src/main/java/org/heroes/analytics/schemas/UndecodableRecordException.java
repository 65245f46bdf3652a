package org.heroes.analytics.schemas;

/**
 * A payload that cannot become a record: not single-object encoded, an unknown schema fingerprint,
 * or a body the writer schema cannot read. Never retriable: the same bytes fail the same way, so a
 * consumer sends such a record to the dead-letter topic at the first attempt.
 */
public class UndecodableRecordException extends RuntimeException {

    public UndecodableRecordException(String message) {
        super(message);
    }

    public UndecodableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
