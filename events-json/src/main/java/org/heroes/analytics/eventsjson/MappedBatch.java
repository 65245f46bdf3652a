package org.heroes.analytics.eventsjson;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * A batch after mapping: the records of the valid items, in request order, and the rejected items.
 *
 * @param accepted the Avro records of the valid items
 * @param rejected the invalid items with their reasons
 * @param warnings the accepted items that carried fields their kind does not have (dropped), in request order
 * @param classroomIds every well-formed {@code classroomId} the items name, valid or not, lower case
 * @param clockCorrection what was added to every {@code occurredAt} for the sender's clock ({@code sentAt}):
 *     the server's clock minus the sender's; zero when none was applied
 */
public record MappedBatch(
        List<SpecificRecord> accepted,
        List<Rejection> rejected,
        List<Warning> warnings,
        Set<String> classroomIds,
        Duration clockCorrection) {

    public MappedBatch {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
        warnings = List.copyOf(warnings);
        classroomIds = Set.copyOf(classroomIds);
    }

    /** A batch without warnings and without a clock correction. */
    public MappedBatch(List<SpecificRecord> accepted, List<Rejection> rejected, Set<String> classroomIds) {
        this(accepted, rejected, List.of(), classroomIds, Duration.ZERO);
    }
}
