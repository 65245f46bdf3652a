package org.heroes.analytics.query.classrooms;

import java.time.Instant;
import java.util.UUID;

/**
 * One of the caller's active classrooms.
 *
 * @param studentCount the classroom's active students
 * @param activeStudents those of them with at least one completed lesson (contract §7.2, the classroom list)
 * @param timeZone the classroom's IANA time zone (the roster's {@code timeZone}, {@code UTC} when it gave none): its
 *     day buckets start at its local midnight, and the dashboard shows its dates in it
 */
record ClassroomSummary(
        UUID id,
        String name,
        String classroomCode,
        Instant createdAt,
        long studentCount,
        long activeStudents,
        String timeZone) {}
