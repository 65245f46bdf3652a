package org.heroes.analytics.store.sink;

import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.EventKind;

/**
 * An event that names a student (analytics with a {@code studentId}, progress, feedback), with what the roster
 * check and the held events need of it; ids canonical.
 *
 * @param kind the {@link EventKind#kindName()} of an event kind (the {@code kind} column of held events)
 */
record StudentEvent(
        SpecificRecord record, String kind, String eventId, String classroomId, String studentId, Instant occurredAt) {

    /** {@code record} as a student's event; empty for roster records and for analytics without a student. */
    static Optional<StudentEvent> of(SpecificRecord record) {
        EventKind kind = EventKind.of(record);
        return switch (kind.family()) {
            case EVENT ->
                kind.studentId(record)
                        .map(studentId -> event(
                                record,
                                kind.kindName(),
                                kind.eventId(record),
                                kind.classroomId(record).orElseThrow(),
                                studentId,
                                kind.occurredAt(record)));
            case ROSTER -> Optional.empty();
        };
    }

    private static StudentEvent event(
            SpecificRecord record,
            String kind,
            String eventId,
            String classroomId,
            String studentId,
            Instant occurredAt) {
        return new StudentEvent(
                record,
                kind,
                SqlArrays.canonicalUuid(eventId),
                SqlArrays.canonicalUuid(classroomId),
                SqlArrays.canonicalUuid(studentId),
                occurredAt);
    }
}
