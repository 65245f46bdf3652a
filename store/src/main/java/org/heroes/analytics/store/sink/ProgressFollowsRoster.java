package org.heroes.analytics.store.sink;

import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * A student's progress is their current state, so it lives in the classroom the roster places them in: when a
 * roster record moves a student, their {@code student_progress} rows move with them and {@code progress_rollup}
 * follows in the same statement (ADR 0021). Only the roster moves rows; events keep the classroom of the row they
 * update ({@link ProgressWriter}). Analytics and feedback are history and stay where they were recorded; the
 * classroom counts ({@code classroom_rollup}) already follow the roster ({@link ClassroomRollupWriter}).
 *
 * <p>Runs in the batch's transaction after the roster upsert and the roster check (which serialise it with every
 * batch writing progress of these students), and after the analytics write: the batch takes the rollup tables in
 * the rebuild's order (ADR 0008: analytics, progress, feedback, classroom).
 */
@Component
class ProgressFollowsRoster {

    /**
     * Whether any of these students has progress outside their roster classroom (most roster records move nobody).
     * No row lock: the {@link #MOVE} counts the rows its {@code DELETE} returns, each in the version it deleted, and
     * the batch already holds the students' roster rows ({@link StudentPlacements}), so no batch writes their
     * progress meanwhile. (A {@code FOR UPDATE} of distributed rows in a multi-shard query is refused on Citus.)
     */
    static final String MISPLACED = """
            SELECT EXISTS (SELECT 1
                           FROM student_progress p
                           JOIN students s ON s.id = p.student_id
                           WHERE s.id = ANY(?::uuid[]) AND p.classroom_id <> s.classroom_id)
            """;

    /**
     * Moves the rows to the students' roster classroom and the counts with them ({@link ProgressWriter#ROLLUP_DELTA}):
     * deletes each misplaced row and inserts it again in the roster classroom. Not an {@code UPDATE} of {@code
     * classroom_id}: on Citus that is the distribution column, which no statement may change (the row moves to
     * another shard; ADR 0028). The insert meets no row of the same (student, lesson) in the roster classroom: a
     * student's progress is in one classroom at a time (V16).
     */
    static final String MOVE = """
            WITH roster AS (
                SELECT s.id AS student_id, s.classroom_id FROM students s WHERE s.id = ANY(?::uuid[])
            ), old AS (
                DELETE FROM student_progress p
                USING roster r
                WHERE p.student_id = r.student_id AND p.classroom_id <> r.classroom_id
                RETURNING p.student_id, p.lesson_id, p.classroom_id, p.completion_status, p.score, p.time_spent_seconds,
                          p.event_id, p.updated_at
            ), changed AS (
                INSERT INTO student_progress AS p
                    (student_id, lesson_id, classroom_id, completion_status, score, time_spent_seconds, event_id,
                     updated_at)
                SELECT o.student_id, o.lesson_id, r.classroom_id, o.completion_status, o.score, o.time_spent_seconds,
                       o.event_id, o.updated_at
                FROM old o
                JOIN roster r ON r.student_id = o.student_id
                ORDER BY 1, 2
                RETURNING p.student_id, p.lesson_id, p.classroom_id, p.completion_status
            ), """ + ProgressWriter.ROLLUP_DELTA + """
            SELECT count(*) FROM changed
            """;

    private final JdbcClient jdbc;

    ProgressFollowsRoster(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves the progress of {@code students} (canonical ids, on the roster) to their roster classroom. */
    int move(Set<String> students) {
        if (students.isEmpty()) {
            return 0;
        }
        boolean misplaced = jdbc.sql(MISPLACED)
                .param(new SqlArrayValue("uuid", students.toArray()))
                .query(Boolean.class)
                .single();
        if (!misplaced) {
            return 0;
        }
        return jdbc.sql(MOVE)
                .param(new SqlArrayValue("uuid", students.toArray()))
                .query(Integer.class)
                .single();
    }
}
