package org.heroes.analytics.eventsjson;

import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;

/** {@code kind: "feedback"} → {@link FeedbackEvent}. */
final class FeedbackEventMapper implements KindMapper {

    @Override
    public SpecificRecord map(Fields fields) {
        fields.uuid("eventId");
        fields.uuid("classroomId");
        fields.occurredAt("occurredAt");
        fields.uuid("studentId");
        fields.integer("lessonId");
        fields.text("feedbackType");
        fields.integer("rating");
        fields.text("comment");
        return fields.into(new FeedbackEvent());
    }
}
