package org.heroes.analytics.store.sink;

import java.util.List;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Inserts feedback events, once per event id, and counts the newly inserted ones into {@code
 * feedback_hourly_rollup} in the same statement: a redelivered event changes nothing.
 */
@Component
class FeedbackWriter {

    /** Inserts the feedback and adds the rows actually inserted to their UTC hour's rollup row. */
    static final String INSERT_FEEDBACK = """
            WITH inserted AS (
                INSERT INTO student_feedback
                    (event_id, classroom_id, student_id, lesson_id, feedback_type, rating, comment, created_at)
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::int4[], ?::text[], ?::int4[], ?::text[],
                                     ?::timestamptz[])
                ON CONFLICT DO NOTHING
                RETURNING classroom_id, lesson_id, feedback_type, rating, created_at
            ), rolled_up AS (
                INSERT INTO feedback_hourly_rollup AS r
                    (classroom_id, bucket_hour, lesson_id, feedback_type, feedback_count, rating_sum, rating_count)
                SELECT classroom_id, date_trunc('hour', created_at, 'UTC'), lesson_id, feedback_type,
                       count(*), coalesce(sum(rating), 0), count(rating)
                FROM inserted
                GROUP BY 1, 2, 3, 4
                ORDER BY 1, 2, 3, 4
                ON CONFLICT (classroom_id, bucket_hour, lesson_id, feedback_type) DO UPDATE SET
                    feedback_count = r.feedback_count + EXCLUDED.feedback_count,
                    rating_sum     = r.rating_sum + EXCLUDED.rating_sum,
                    rating_count   = r.rating_count + EXCLUDED.rating_count
                RETURNING 1
            )
            SELECT count(*) FROM inserted
            """;

    private final JdbcClient jdbc;

    FeedbackWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the feedback not yet stored; returns how many rows were new. */
    int write(List<FeedbackEvent> feedback) {
        if (feedback.isEmpty()) {
            return 0;
        }
        return jdbc.sql(INSERT_FEEDBACK)
                .params(
                        SqlArrays.uuid(feedback, FeedbackEvent::getEventId),
                        SqlArrays.uuid(feedback, FeedbackEvent::getClassroomId),
                        SqlArrays.uuid(feedback, FeedbackEvent::getStudentId),
                        SqlArrays.int4(feedback, FeedbackEvent::getLessonId),
                        SqlArrays.text("text", feedback, FeedbackEvent::getFeedbackType),
                        SqlArrays.int4(feedback, FeedbackEvent::getRating),
                        SqlArrays.text("text", feedback, FeedbackEvent::getComment),
                        SqlArrays.timestamptz(feedback, FeedbackEvent::getOccurredAt))
                .query(Integer.class)
                .single();
    }
}
