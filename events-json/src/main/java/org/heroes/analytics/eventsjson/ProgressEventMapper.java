package org.heroes.analytics.eventsjson;

import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.ProgressEvent;

/** {@code kind: "progress"} → {@link ProgressEvent}. */
final class ProgressEventMapper implements KindMapper {

    @Override
    public SpecificRecord map(Fields fields) {
        fields.uuid("eventId");
        fields.uuid("classroomId");
        fields.occurredAt("occurredAt");
        fields.uuid("studentId");
        fields.integer("lessonId");
        fields.enumValue("completionStatus", CompletionStatus.class);
        fields.integer("score");
        fields.longInteger("timeSpentSeconds");
        return fields.into(new ProgressEvent());
    }
}
