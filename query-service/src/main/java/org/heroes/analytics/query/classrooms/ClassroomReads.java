package org.heroes.analytics.query.classrooms;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.query.tenancy.FacilitatorReads;
import org.heroes.analytics.query.web.TimeRange;
import org.heroes.analytics.query.web.UnknownClassroomException;
import org.springframework.stereotype.Component;

/**
 * The classroom questions, each asked in one facilitator transaction. No statement here names the facilitator:
 * row-level security scopes every table to the caller's classrooms, so a classroom that is someone else's is, to
 * these statements, one that does not exist.
 */
@Component
class ClassroomReads {

    /**
     * DBA plan §3.1, corrected: both counts are of the classroom's active students (the plan counted inactive ones
     * too), each student once (a lateral probe for a completed lesson instead of a fan-out join and DISTINCT), so
     * {@code active_students <= student_count} always holds.
     */
    static final String ACTIVE_CLASSROOMS_WITH_COUNTS = """
            SELECT c.id, c.name, c.classroom_code, c.created_at,
                   count(s.id)        AS student_count,
                   count(done.yes)    AS active_students
            FROM classrooms c
            LEFT JOIN students s
                   ON s.classroom_id = c.id AND s.is_active
            LEFT JOIN LATERAL (
                   SELECT true AS yes
                   FROM student_progress p
                   WHERE p.student_id = s.id AND p.completion_status = 'completed'
                   LIMIT 1) done ON true
            WHERE c.is_active
            GROUP BY c.id
            ORDER BY c.created_at DESC, c.id
            """;

    /** Visible means the caller's (row-level security); an inactive classroom of the caller's still has history. */
    static final String CLASSROOM_VISIBLE = """
            SELECT EXISTS (SELECT 1 FROM classrooms WHERE id = :classroomId)
            """;

    /**
     * DBA plan §3.2, corrected: the range is half-open ({@code BETWEEN} counted an event at {@code to} in two
     * adjacent ranges), ties are broken so the order is stable, and the range scan runs on
     * idx_analytics_events_classroom_timestamp (classroom_id, "timestamp") INCLUDE (type, category, value).
     */
    static final String EVENT_GROUPS = """
            SELECT e.event_type, e.event_category,
                   count(*)           AS event_count,
                   avg(e.event_value) AS avg_value
            FROM analytics_events e
            WHERE e.classroom_id = :classroomId
              AND e."timestamp" >= :from
              AND e."timestamp" <  :to
            GROUP BY e.event_type, e.event_category
            ORDER BY event_count DESC, e.event_type COLLATE "C", e.event_category COLLATE "C"
            """;

    private final FacilitatorReads reads;

    ClassroomReads(FacilitatorReads reads) {
        this.reads = reads;
    }

    List<ClassroomSummary> activeClassrooms() {
        return reads.read(db -> db.list(
                ACTIVE_CLASSROOMS_WITH_COUNTS,
                Map.of(),
                (rs, row) -> new ClassroomSummary(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        rs.getString("classroom_code"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getLong("student_count"),
                        rs.getLong("active_students"))));
    }

    /** @throws UnknownClassroomException if the classroom is not the caller's, or does not exist */
    List<EventGroup> eventGroups(UUID classroomId, TimeRange range) {
        return reads.read(db -> {
            if (!db.single(CLASSROOM_VISIBLE, Map.of("classroomId", classroomId), Boolean.class)) {
                throw new UnknownClassroomException(classroomId);
            }
            return db.list(
                    EVENT_GROUPS,
                    Map.of("classroomId", classroomId, "from", range.from(), "to", range.to()),
                    (rs, row) -> new EventGroup(
                            rs.getString("event_type"),
                            rs.getString("event_category"),
                            rs.getLong("event_count"),
                            rs.getObject("avg_value", Double.class)));
        });
    }
}
