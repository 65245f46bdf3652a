package org.heroes.analytics.ingest.events;

import java.util.List;
import org.heroes.analytics.eventsjson.Rejection;

/** Every item of the batch was rejected (or it was empty): nothing to publish. */
public final class NoValidRecordException extends RuntimeException {

    private final List<Rejection> rejected;

    public NoValidRecordException(List<Rejection> rejected) {
        super(rejected.isEmpty() ? "the batch holds no items" : "no item of the batch is valid");
        this.rejected = List.copyOf(rejected);
    }

    public List<Rejection> rejected() {
        return rejected;
    }
}
