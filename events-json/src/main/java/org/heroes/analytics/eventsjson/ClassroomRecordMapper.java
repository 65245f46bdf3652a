package org.heroes.analytics.eventsjson;

import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.ClassroomRecord;

/** {@code kind: "classroom"} → {@link ClassroomRecord}; without a {@code timeZone}, the classroom's days are UTC days. */
final class ClassroomRecordMapper implements KindMapper {

    @Override
    public SpecificRecord map(Fields fields) {
        fields.uuid("eventId");
        fields.occurredAt("occurredAt");
        fields.uuid("classroomId");
        fields.uuid("facilitatorId");
        fields.text("name");
        fields.text("classroomCode");
        fields.bool("active");
        fields.text("timeZone");
        return fields.into(new ClassroomRecord());
    }
}
