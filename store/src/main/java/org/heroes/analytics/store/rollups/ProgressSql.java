package org.heroes.analytics.store.rollups;

/**
 * {@code progress_rollup} from {@code student_progress}: the stored row of each (student, lesson) is
 * already the latest-wins state ({@code sink.ProgressWriter}), counted per its classroom (the one the
 * winning event named), lesson and status. The incremental path moves a student from the old status to
 * the new; counting the current rows gives the same numbers.
 */
final class ProgressSql {

    static final String DERIVED = """
            SELECT classroom_id, lesson_id, completion_status, count(*) AS student_count
            FROM student_progress
            WHERE (:everyClassroom OR classroom_id = ANY(:classrooms))
            GROUP BY 1, 2, 3
            """;

    static final String IN_SCOPE = """
            (:everyClassroom OR classroom_id = ANY(:classrooms))
            """;

    /** As {@link AnalyticsHourlySql#DIFF}; a count of zero (left by the incremental path) is no row. */
    static final String DIFF = "WITH derived AS (" + DERIVED + "), stored AS (\n" + """
            SELECT classroom_id, lesson_id, completion_status, student_count
            FROM progress_rollup
            WHERE student_count <> 0 AND
            """ + IN_SCOPE + ")\n" + """
            SELECT count(s.classroom_id) AS stored, count(d.classroom_id) AS derived,
                   count(*) FILTER (WHERE s.classroom_id IS NOT NULL AND d.classroom_id IS NOT NULL
                                      AND s.student_count <> d.student_count) AS wrong,
                   count(*) FILTER (WHERE s.classroom_id IS NULL) AS missing,
                   count(*) FILTER (WHERE d.classroom_id IS NULL) AS extra
            FROM stored s
            FULL JOIN derived d
              ON s.classroom_id = d.classroom_id AND s.lesson_id = d.lesson_id
             AND s.completion_status = d.completion_status
            """;

    static final String DELETE = "DELETE FROM progress_rollup WHERE " + IN_SCOPE;

    static final String INSERT = """
            INSERT INTO progress_rollup (classroom_id, lesson_id, completion_status, student_count)
            """ + DERIVED;

    static final String LOCK = "LOCK TABLE progress_rollup IN EXCLUSIVE MODE";

    private ProgressSql() {}
}
