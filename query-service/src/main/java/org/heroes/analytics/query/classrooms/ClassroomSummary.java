package org.heroes.analytics.query.classrooms;

import java.time.Instant;
import java.util.UUID;

/**
 * One of the caller's active classrooms.
 *
 * @param studentCount the classroom's active students
 * @param activeStudents those of them with at least one completed lesson (DBA plan §3.1)
 */
record ClassroomSummary(
        UUID id, String name, String classroomCode, Instant createdAt, long studentCount, long activeStudents) {}
