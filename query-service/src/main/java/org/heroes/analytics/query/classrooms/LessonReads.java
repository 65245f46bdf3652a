package org.heroes.analytics.query.classrooms;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.query.privacy.RetentionHorizon;
import org.heroes.analytics.query.privacy.SmallCells;
import org.heroes.analytics.query.tenancy.FacilitatorReads;
import org.heroes.analytics.query.tenancy.TenantQuery;
import org.heroes.analytics.query.web.TimeRange;
import org.springframework.stereotype.Component;

/**
 * Per lesson: the progress funnel from {@code progress_rollup}, and the feedback over {@code [from, to)} from {@code
 * feedback_hourly_rollup} for the whole hours and {@code student_feedback} for the edges ({@link HourSplit}), equal
 * to the same question asked of the raw rows.
 */
@Component
class LessonReads {

    /** Every lesson 1..12, zeros where no student has a row. */
    static final String PROGRESS = """
            SELECT l.lesson_id,
                   coalesce(sum(r.student_count) FILTER (WHERE r.completion_status = 'not_started'), 0) AS not_started,
                   coalesce(sum(r.student_count) FILTER (WHERE r.completion_status = 'in_progress'), 0) AS in_progress,
                   coalesce(sum(r.student_count) FILTER (WHERE r.completion_status = 'completed'), 0)   AS completed
            FROM generate_series(1, 12) AS l(lesson_id)
            LEFT JOIN progress_rollup r
                   ON r.classroom_id = :classroomId AND r.lesson_id = l.lesson_id
            GROUP BY l.lesson_id
            ORDER BY l.lesson_id
            """;

    static final String FEEDBACK = """
            WITH parts AS (
                SELECT r.lesson_id, r.feedback_type, r.feedback_count, r.rating_sum, r.rating_count
                FROM feedback_hourly_rollup r
                WHERE r.classroom_id = :classroomId
                  AND r.bucket_hour >= :wholeFrom
                  AND r.bucket_hour <  :wholeTo
                UNION ALL
                SELECT f.lesson_id, f.feedback_type, 1, coalesce(f.rating, 0), (f.rating IS NOT NULL)::int
                FROM student_feedback f
                WHERE f.classroom_id = :classroomId
                  AND ((f.created_at >= :from AND f.created_at < :headTo)
                    OR (f.created_at >= :tailFrom AND f.created_at < :to))
            ), rated_by_students AS (
                -- the distinct students behind each average, for small-cell suppression (rollups keep no student ids)
                SELECT f.lesson_id, f.feedback_type, count(DISTINCT f.student_id) AS students
                FROM student_feedback f
                WHERE f.classroom_id = :classroomId
                  AND f.created_at >= :from
                  AND f.created_at <  :to
                  AND f.rating IS NOT NULL
                GROUP BY f.lesson_id, f.feedback_type
            )
            SELECT g.lesson_id, g.feedback_type, g.feedback_count, g.avg_rating, coalesce(s.students, 0) AS students,
                   %s
            FROM (
                SELECT lesson_id, feedback_type,
                       sum(feedback_count)::bigint                                AS feedback_count,
                       sum(rating_sum)::numeric / nullif(sum(rating_count), 0)    AS avg_rating
                FROM parts
                GROUP BY lesson_id, feedback_type
                HAVING sum(feedback_count) > 0
            ) g
            LEFT JOIN rated_by_students s USING (lesson_id, feedback_type)
            ORDER BY g.lesson_id, g.feedback_type COLLATE "C"
            """.formatted(RetentionHorizon.COLUMN);

    private final FacilitatorReads reads;
    private final SmallCells smallCells;

    LessonReads(FacilitatorReads reads, SmallCells smallCells) {
        this.reads = reads;
        this.smallCells = smallCells;
    }

    /** @throws org.heroes.analytics.query.web.UnknownClassroomException if the classroom is not the caller's */
    Dated<List<LessonProgress>> progress(UUID classroomId) {
        return ClassroomReads.answer(
                reads,
                classroomId,
                new TenantQuery<>(
                        PROGRESS,
                        Map.of("classroomId", classroomId),
                        (rs, row) -> new LessonProgress(
                                rs.getInt("lesson_id"),
                                rs.getLong("not_started"),
                                rs.getLong("in_progress"),
                                rs.getLong("completed"))));
    }

    /** @throws org.heroes.analytics.query.web.UnknownClassroomException if the classroom is not the caller's */
    Dated<List<FeedbackGroup>> feedback(UUID classroomId, TimeRange range) {
        Map<String, Object> parameters = HourSplit.of(range).parameters(classroomId);
        return ClassroomReads.answer(reads, classroomId, new TenantQuery<>(FEEDBACK, parameters, (rs, row) -> {
            BigDecimal average = rs.getObject("avg_rating", BigDecimal.class);
            boolean suppressed =
                    smallCells.hides(rs.getLong("students"), range.from(), RetentionHorizon.of(rs), average);
            return new FeedbackGroup(
                    rs.getInt("lesson_id"),
                    rs.getString("feedback_type"),
                    rs.getLong("feedback_count"),
                    suppressed ? null : average,
                    suppressed);
        }));
    }
}
