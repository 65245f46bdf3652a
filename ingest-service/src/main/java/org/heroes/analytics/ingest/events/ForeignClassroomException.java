package org.heroes.analytics.ingest.events;

/** An item names a classroom the caller may not write; the whole request is refused. */
public final class ForeignClassroomException extends RuntimeException {

    public ForeignClassroomException(String message) {
        super(message);
    }
}
