package org.heroes.analytics.eventsjson;

import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.StudentRecord;

/** {@code kind: "student"} → {@link StudentRecord}. Students are anonymous: a pseudonym, no name. */
final class StudentRecordMapper implements KindMapper {

    @Override
    public SpecificRecord map(Fields fields) {
        fields.uuid("eventId");
        fields.occurredAt("occurredAt");
        fields.uuid("studentId");
        fields.uuid("classroomId");
        fields.text("anonymousId");
        fields.bool("active");
        return fields.into(new StudentRecord());
    }
}
