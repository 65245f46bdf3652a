package org.heroes.analytics.aggregator.rollups;

/**
 * {@code classroom_rollup} from {@code students} and {@code student_progress}: per classroom its
 * active roster students, and those of them with at least one completed lesson (in any classroom), the
 * very recount {@code sink.ClassroomRollupWriter} runs for the classrooms a batch touched. Classrooms
 * without an active student get no row, which readers take as zero.
 */
final class ClassroomCountsSql {

    static final String DERIVED = """
            SELECT s.classroom_id, count(*) AS student_count,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM student_progress p
                                                  WHERE p.student_id = s.id AND p.completion_status = 'completed'))
                       AS active_students
            FROM students s
            WHERE s.is_active AND (:everyClassroom OR s.classroom_id = ANY(:classrooms))
            GROUP BY 1
            """;

    static final String IN_SCOPE = """
            (:everyClassroom OR classroom_id = ANY(:classrooms))
            """;

    /** As {@link AnalyticsHourlySql#DIFF}; a 0/0 row (left by the incremental path) is no row. */
    static final String DIFF = "WITH derived AS (" + DERIVED + "), stored AS (\n" + """
            SELECT classroom_id, student_count, active_students
            FROM classroom_rollup
            WHERE (student_count, active_students) <> (0, 0) AND
            """ + IN_SCOPE + ")\n" + """
            SELECT count(s.classroom_id) AS stored, count(d.classroom_id) AS derived,
                   count(*) FILTER (WHERE s.classroom_id IS NOT NULL AND d.classroom_id IS NOT NULL
                                      AND (s.student_count, s.active_students)
                                          IS DISTINCT FROM (d.student_count, d.active_students)) AS wrong,
                   count(*) FILTER (WHERE s.classroom_id IS NULL) AS missing,
                   count(*) FILTER (WHERE d.classroom_id IS NULL) AS extra
            FROM stored s
            FULL JOIN derived d ON s.classroom_id = d.classroom_id
            """;

    static final String DELETE = "DELETE FROM classroom_rollup WHERE " + IN_SCOPE;

    static final String INSERT = """
            INSERT INTO classroom_rollup (classroom_id, student_count, active_students)
            """ + DERIVED;

    static final String LOCK = "LOCK TABLE classroom_rollup IN EXCLUSIVE MODE";

    private ClassroomCountsSql() {}
}
