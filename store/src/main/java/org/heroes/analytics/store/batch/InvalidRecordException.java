package org.heroes.analytics.store.batch;

/**
 * A decoded record that breaks the event contract (contract §2) or a column's check. Never retriable:
 * the record goes to the dead-letter topic with this message as the reason.
 */
class InvalidRecordException extends RuntimeException {

    InvalidRecordException(String message) {
        super(message);
    }
}
