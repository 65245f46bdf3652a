package org.heroes.analytics.store.rollups;

/**
 * {@code feedback_hourly_rollup} from {@code student_feedback}: what {@code sink.FeedbackWriter} adds
 * batch by batch, computed at once. UTC hours of {@code created_at} (the event's {@code occurredAt}),
 * {@code count(*)}, the sum of the ratings present and their count.
 */
final class FeedbackHourlySql {

    static final String DERIVED = """
            SELECT classroom_id, date_trunc('hour', created_at, 'UTC') AS bucket_hour, lesson_id, feedback_type,
                   count(*) AS feedback_count, coalesce(sum(rating), 0) AS rating_sum, count(rating) AS rating_count
            FROM student_feedback
            WHERE (:everyClassroom OR classroom_id = ANY(:classrooms))
              AND created_at >= CAST(:hourFrom AS timestamptz) AND created_at < CAST(:hourTo AS timestamptz)
            GROUP BY 1, 2, 3, 4
            """;

    static final String IN_SCOPE = """
            (:everyClassroom OR classroom_id = ANY(:classrooms))
              AND bucket_hour >= CAST(:hourFrom AS timestamptz) AND bucket_hour < CAST(:hourTo AS timestamptz)
            """;

    /** As {@link AnalyticsHourlySql#DIFF}. */
    static final String DIFF = "WITH derived AS (" + DERIVED + "), stored AS (\n" + """
            SELECT classroom_id, bucket_hour, lesson_id, feedback_type, feedback_count, rating_sum, rating_count
            FROM feedback_hourly_rollup
            WHERE (feedback_count, rating_sum, rating_count) <> (0, 0, 0) AND
            """ + IN_SCOPE + ")\n" + """
            SELECT count(s.classroom_id) AS stored, count(d.classroom_id) AS derived,
                   count(*) FILTER (WHERE s.classroom_id IS NOT NULL AND d.classroom_id IS NOT NULL
                                      AND (s.feedback_count, s.rating_sum, s.rating_count)
                                          IS DISTINCT FROM (d.feedback_count, d.rating_sum, d.rating_count)) AS wrong,
                   count(*) FILTER (WHERE s.classroom_id IS NULL) AS missing,
                   count(*) FILTER (WHERE d.classroom_id IS NULL) AS extra
            FROM stored s
            FULL JOIN derived d
              ON s.classroom_id = d.classroom_id AND s.bucket_hour = d.bucket_hour
             AND s.lesson_id = d.lesson_id AND s.feedback_type = d.feedback_type
            """;

    static final String DELETE = "DELETE FROM feedback_hourly_rollup WHERE " + IN_SCOPE;

    static final String INSERT = """
            INSERT INTO feedback_hourly_rollup
                (classroom_id, bucket_hour, lesson_id, feedback_type, feedback_count, rating_sum, rating_count)
            """ + DERIVED;

    static final String LOCK = "LOCK TABLE feedback_hourly_rollup IN EXCLUSIVE MODE";

    private FeedbackHourlySql() {}
}
