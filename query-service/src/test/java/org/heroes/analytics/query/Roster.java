package org.heroes.analytics.query;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Writes test rows as the aggregator would: as heroes_writer, through PgBouncer. Timestamps are bound as {@link
 * Timestamp} (an instant), so no time zone of the test JVM leaks into them.
 */
public final class Roster {

    private final JdbcTemplate writer;

    public Roster(DataSource writerDataSource) {
        this.writer = new JdbcTemplate(writerDataSource);
    }

    public UUID facilitator(UUID id) {
        writer.update("""
                INSERT INTO facilitators (id, email, organization, is_active, created_at, updated_at)
                VALUES (?, ?, 'Test School', true, now(), now())
                """, id, id + "@example.org");
        return id;
    }

    /** A classroom without a time zone of its own: the column's default, UTC. */
    public UUID classroom(UUID facilitatorId, String name, boolean active, Instant createdAt) {
        UUID id = UUID.randomUUID();
        writer.update(
                """
                INSERT INTO classrooms (id, facilitator_id, name, classroom_code, is_active, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                id,
                facilitatorId,
                name,
                "CODE-" + name.toUpperCase(java.util.Locale.ROOT),
                active,
                Timestamp.from(createdAt),
                Timestamp.from(createdAt));
        return id;
    }

    /** A classroom in a time zone (an IANA id, as the roster's {@code timeZone}). */
    public UUID classroom(UUID facilitatorId, String name, Instant createdAt, String timeZone) {
        UUID id = classroom(facilitatorId, name, true, createdAt);
        writer.update("UPDATE classrooms SET time_zone = ? WHERE id = ?", timeZone, id);
        return id;
    }

    public UUID student(UUID classroomId, boolean active) {
        UUID id = UUID.randomUUID();
        writer.update("""
                INSERT INTO students (id, classroom_id, anonymous_id, is_active, created_at, updated_at)
                VALUES (?, ?, ?, ?, now(), now())
                """, id, classroomId, "hero-" + id.toString().substring(0, 8), active);
        return id;
    }

    public void progress(UUID studentId, UUID classroomId, int lessonId, String completionStatus) {
        writer.update("""
                INSERT INTO student_progress (student_id, lesson_id, classroom_id, completion_status, event_id, updated_at)
                VALUES (?, ?, ?, ?, ?, now())
                """, studentId, lessonId, classroomId, completionStatus, UUID.randomUUID());
    }

    public void event(UUID classroomId, String type, String category, Double value, Instant occurredAt) {
        writer.update("""
                INSERT INTO analytics_events (event_id, classroom_id, event_type, event_category, event_value, "timestamp")
                VALUES (?, ?, ?, ?, ?, ?)
                """, UUID.randomUUID(), classroomId, type, category, value, Timestamp.from(occurredAt));
    }

    /** An event by a student. */
    public void event(
            UUID classroomId, UUID studentId, String type, String category, Double value, Instant occurredAt) {
        writer.update(
                """
                INSERT INTO analytics_events
                    (event_id, classroom_id, student_id, event_type, event_category, event_value, "timestamp")
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, UUID.randomUUID(), classroomId, studentId, type, category, value, Timestamp.from(occurredAt));
    }

    /** A student's rating of a lesson at a moment of the test's choosing. */
    public void feedback(UUID classroomId, UUID studentId, int lessonId, int rating, Instant createdAt) {
        writer.update("""
                INSERT INTO student_feedback (event_id, classroom_id, student_id, lesson_id, feedback_type, rating, created_at)
                VALUES (?, ?, ?, ?, 'lesson_rating', ?, ?)
                """, UUID.randomUUID(), classroomId, studentId, lessonId, rating, Timestamp.from(createdAt));
    }

    public void feedback(UUID classroomId, UUID studentId, int lessonId) {
        writer.update("""
                INSERT INTO student_feedback (event_id, classroom_id, student_id, lesson_id, feedback_type, rating, created_at)
                VALUES (?, ?, ?, ?, 'lesson_rating', 4, now())
                """, UUID.randomUUID(), classroomId, studentId, lessonId);
    }

    /** One row in each rollup and in the watermarks, as the aggregator keeps them for a classroom. */
    public void rollups(UUID classroomId) {
        writer.update("""
                INSERT INTO analytics_hourly_rollup
                    (classroom_id, bucket_hour, event_type, event_category, event_count, value_sum, value_count)
                VALUES (?, '2026-11-02T00:00:00Z', 'lesson_started', 'lesson', 1, 1.0, 1)
                """, classroomId);
        writer.update("""
                INSERT INTO progress_rollup (classroom_id, lesson_id, completion_status, student_count)
                VALUES (?, 1, 'completed', 1)
                """, classroomId);
        writer.update("""
                INSERT INTO feedback_hourly_rollup
                    (classroom_id, bucket_hour, lesson_id, feedback_type, feedback_count, rating_sum, rating_count)
                VALUES (?, '2026-11-02T00:00:00Z', 1, 'lesson_rating', 1, 4, 1)
                """, classroomId);
        writer.update("""
                INSERT INTO classroom_rollup (classroom_id, student_count, active_students) VALUES (?, 1, 1)
                """, classroomId);
        writer.update("""
                INSERT INTO classroom_watermarks (classroom_id, data_as_of) VALUES (?, '2026-11-02T00:00:00Z')
                """, classroomId);
    }
}
