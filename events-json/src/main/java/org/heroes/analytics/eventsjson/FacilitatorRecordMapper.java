package org.heroes.analytics.eventsjson;

import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;

/** {@code kind: "facilitator"} → {@link FacilitatorRecord}. */
final class FacilitatorRecordMapper implements KindMapper {

    @Override
    public SpecificRecord map(Fields fields) {
        fields.uuid("eventId");
        fields.occurredAt("occurredAt");
        fields.uuid("facilitatorId");
        fields.text("email");
        fields.text("organization");
        fields.bool("active");
        return fields.into(new FacilitatorRecord());
    }
}
