package org.heroes.analytics.query;

import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The rollups and watermarks derived from the raw rows with {@code INSERT ... SELECT}, as heroes_writer through
 * PgBouncer. These statements are the definition of what the aggregator keeps incrementally: a rollup is exact when
 * it equals what they derive. The classroom counts end in ON CONFLICT DO NOTHING after the DELETE (nothing
 * conflicts): on Citus an INSERT ... SELECT from reference tables goes through COPY otherwise, which row-level
 * security refuses (ADR 0028). Buckets are UTC hours; sums of values are {@code numeric}, so an average assembled
 * from rollup rows equals {@code sum(value::numeric) / count(value)} over the raw rows.
 */
public final class Rollups {

    static final String CLEAR = """
            DELETE FROM analytics_hourly_rollup;
            DELETE FROM progress_rollup;
            DELETE FROM feedback_hourly_rollup;
            DELETE FROM classroom_rollup;
            DELETE FROM classroom_watermarks;
            """;

    static final String ANALYTICS = """
            INSERT INTO analytics_hourly_rollup
                (classroom_id, bucket_hour, event_type, event_category, event_count, value_sum, value_count)
            SELECT classroom_id, date_trunc('hour', "timestamp", 'UTC'), event_type, event_category,
                   count(*), coalesce(sum(event_value::numeric), 0), count(event_value)
            FROM analytics_events
            GROUP BY 1, 2, 3, 4
            """;

    /** The latest state of each student's lesson, counted (all of the classroom's students). */
    static final String PROGRESS = """
            INSERT INTO progress_rollup (classroom_id, lesson_id, completion_status, student_count)
            SELECT classroom_id, lesson_id, completion_status, count(*)
            FROM student_progress
            GROUP BY 1, 2, 3
            """;

    static final String FEEDBACK = """
            INSERT INTO feedback_hourly_rollup
                (classroom_id, bucket_hour, lesson_id, feedback_type, feedback_count, rating_sum, rating_count)
            SELECT classroom_id, date_trunc('hour', created_at, 'UTC'), lesson_id, feedback_type,
                   count(*), coalesce(sum(rating), 0), count(rating)
            FROM student_feedback
            GROUP BY 1, 2, 3, 4
            """;

    /** DBA plan §3.1 as query-service computed it from the raw rows before the rollup: active students only. */
    static final String CLASSROOMS = """
            INSERT INTO classroom_rollup (classroom_id, student_count, active_students)
            SELECT c.id, count(s.id), count(done.yes)
            FROM classrooms c
            LEFT JOIN students s ON s.classroom_id = c.id AND s.is_active
            LEFT JOIN (SELECT DISTINCT student_id AS yes FROM student_progress
                       WHERE completion_status = 'completed') done ON done.yes = s.id
            GROUP BY c.id
            ON CONFLICT DO NOTHING
            """;

    /** Classrooms without events have no watermark. */
    static final String WATERMARKS = """
            INSERT INTO classroom_watermarks (classroom_id, data_as_of)
            SELECT classroom_id, max("timestamp")
            FROM analytics_events
            GROUP BY classroom_id
            """;

    private final JdbcTemplate writer;

    public Rollups(DataSource writerDataSource) {
        this.writer = new JdbcTemplate(writerDataSource);
    }

    /** Replaces every rollup row and watermark with what the raw rows say now. */
    public void derive() {
        for (String statement : CLEAR.strip().split(";\\s*")) {
            writer.update(statement);
        }
        writer.update(ANALYTICS);
        writer.update(PROGRESS);
        writer.update(FEEDBACK);
        writer.update(CLASSROOMS);
        writer.update(WATERMARKS);
    }
}
