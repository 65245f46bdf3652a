package org.heroes.analytics.aggregator.sink;

import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;

/**
 * An event that names a student (analytics with a {@code studentId}, progress, feedback), with what the roster
 * check and the held events need of it; ids canonical.
 *
 * @param kind {@code analytics}, {@code progress} or {@code feedback} (the {@code kind} column of held events)
 */
record StudentEvent(
        SpecificRecord record, String kind, String eventId, String classroomId, String studentId, Instant occurredAt) {

    /** {@code record} as a student's event; empty for roster records and for analytics without a student. */
    static Optional<StudentEvent> of(SpecificRecord record) {
        if (record instanceof AnalyticsEvent e && e.getStudentId() != null) {
            return Optional.of(
                    event(e, "analytics", e.getEventId(), e.getClassroomId(), e.getStudentId(), e.getOccurredAt()));
        }
        if (record instanceof ProgressEvent e) {
            return Optional.of(
                    event(e, "progress", e.getEventId(), e.getClassroomId(), e.getStudentId(), e.getOccurredAt()));
        }
        if (record instanceof FeedbackEvent e) {
            return Optional.of(
                    event(e, "feedback", e.getEventId(), e.getClassroomId(), e.getStudentId(), e.getOccurredAt()));
        }
        return Optional.empty();
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
