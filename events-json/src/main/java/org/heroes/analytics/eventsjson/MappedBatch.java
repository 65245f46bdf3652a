package org.heroes.analytics.eventsjson;

import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * A batch after mapping: the records of the valid items, in request order, and the rejected items.
 *
 * @param accepted the Avro records of the valid items
 * @param rejected the invalid items with their reasons
 * @param classroomIds every well-formed {@code classroomId} the items name, valid or not, lower case
 */
public record MappedBatch(List<SpecificRecord> accepted, List<Rejection> rejected, Set<String> classroomIds) {

    public MappedBatch {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        classroomIds = Set.copyOf(classroomIds);
    }
}
