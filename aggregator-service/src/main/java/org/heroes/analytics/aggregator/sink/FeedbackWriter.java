package org.heroes.analytics.aggregator.sink;

import java.util.List;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Inserts feedback events, once per event id: a redelivered event changes nothing. */
@Component
class FeedbackWriter {

    static final String INSERT_FEEDBACK = """
            INSERT INTO student_feedback
                (event_id, classroom_id, student_id, lesson_id, feedback_type, rating, comment, created_at)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::int4[], ?::text[], ?::int4[], ?::text[],
                                 ?::timestamptz[])
            ON CONFLICT DO NOTHING
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
                .update();
    }
}
