package org.heroes.analytics.eventsjson;

import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;

/** {@code kind: "analytics"} → {@link AnalyticsEvent}. */
final class AnalyticsEventMapper implements KindMapper {

    @Override
    public SpecificRecord map(Fields fields) {
        fields.uuid("eventId");
        fields.uuid("classroomId");
        fields.occurredAt("occurredAt");
        fields.uuid("studentId");
        fields.text("eventType");
        fields.text("eventCategory");
        fields.number("eventValue");
        fields.properties("properties");
        return fields.into(new AnalyticsEvent());
    }
}
