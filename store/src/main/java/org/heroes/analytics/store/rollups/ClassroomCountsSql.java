package org.heroes.analytics.store.rollups;

/**
 * {@code classroom_rollup} from {@code students} and {@code student_progress}: per classroom its
 * active roster students, and those of them with at least one completed lesson (in any classroom), the
 * very recount {@code sink.ClassroomRollupWriter} runs for the classrooms a batch touched. Classrooms
 * without an active student get no row, which readers take as zero.
 */
final class ClassroomCountsSql {

    /**
     * The students with a completed lesson are a join to a set of student ids, not a correlated {@code EXISTS}: on
     * Citus a correlated subquery on the distributed {@code student_progress} under the reference table {@code
     * students} cannot be pushed down, while an uncorrelated one is computed first (ADR 0028).
     */
    static final String DERIVED = """
            SELECT s.classroom_id, count(*) AS student_count, count(done.student_id) AS active_students
            FROM students s
            LEFT JOIN (SELECT DISTINCT p.student_id
                       FROM student_progress p
                       JOIN students o ON o.id = p.student_id
                       WHERE p.completion_status = 'completed' AND o.is_active
                         AND (:everyClassroom OR o.classroom_id = ANY(:classrooms))) done ON done.student_id = s.id
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

    /**
     * After {@link #DELETE} under {@link #LOCK} no row of the scope is left, so the conflict clause changes nothing on
     * one node; on Citus it makes the coordinator insert through the shards' own {@code INSERT ... SELECT} instead of
     * {@code COPY}, which row-level security refuses (ADR 0028): this {@code SELECT} reads reference tables, so it
     * cannot be pushed down to the shards.
     */
    static final String INSERT = """
            INSERT INTO classroom_rollup AS r (classroom_id, student_count, active_students)
            """ + DERIVED + """
            ON CONFLICT (classroom_id) DO UPDATE SET
                student_count   = EXCLUDED.student_count,
                active_students = EXCLUDED.active_students
            """;

    static final String LOCK = "LOCK TABLE classroom_rollup IN EXCLUSIVE MODE";

    private ClassroomCountsSql() {}
}
