package org.heroes.analytics.eventsjson;

import org.apache.avro.specific.SpecificRecord;

/** Maps the fields of one kind of item to its Avro record. */
interface KindMapper {

    /** The value of the item's {@code kind} field this mapper reads. */
    String kind();

    /**
     * Reads every field of the kind, in the record's field order, and returns {@link Fields#into} a new
     * record of the kind. The record may be incomplete: {@link Fields#errors} says whether it is valid.
     */
    SpecificRecord map(Fields fields);
}
