package org.heroes.analytics.eventsjson;

import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.EventKind;

/** Maps the fields of one kind of item to its Avro record. */
interface KindMapper {

    /** The mapper of a kind's items: every {@link EventKind} has one. */
    static KindMapper of(EventKind kind) {
        return switch (kind) {
            case ANALYTICS -> new AnalyticsEventMapper();
            case PROGRESS -> new ProgressEventMapper();
            case FEEDBACK -> new FeedbackEventMapper();
            case FACILITATOR -> new FacilitatorRecordMapper();
            case CLASSROOM -> new ClassroomRecordMapper();
            case STUDENT -> new StudentRecordMapper();
        };
    }

    /**
     * Reads every field of the kind, each once, in the record's field order, and returns {@link Fields#into} a new
     * record of the kind. The record may be incomplete: {@link Fields#errors} says whether it is valid.
     */
    SpecificRecord map(Fields fields);
}
