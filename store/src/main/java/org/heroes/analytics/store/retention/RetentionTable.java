package org.heroes.analytics.store.retention;

import java.util.Optional;
import org.heroes.analytics.schemas.EventKind;

/**
 * The raw tables the job trims, each with its one bounded {@code DELETE} (named parameters {@code :cutoff},
 * {@code :limit}). The age predicate of each is served by an index ({@code idx_analytics_events_timestamp},
 * {@code idx_student_feedback_created_at}, {@code idx_student_progress_updated_at} of V2,
 * {@code idx_pending_student_events_occurred_at} of V10), so a batch picks at most {@code :limit} expired rows by
 * an index range scan, then deletes exactly those by their primary key, which leads with {@code classroom_id}
 * (V10, V16); the predicate is checked again on the row being deleted. Picking keys, not {@code ctid}s: Citus
 * refuses a modification by {@code ctid} of a distributed table ({@code cannot perform distributed planning for the
 * given modification}), and plans the picked keys as an intermediate result joined on the distribution column.
 */
enum RetentionTable {

    /**
     * The table is partitioned by month (V7, ADR 0016); the key includes the partition column, so each picked row
     * is deleted from its own partition.
     */
    ANALYTICS_EVENTS("analytics_events", """
            WITH doomed AS MATERIALIZED (
                SELECT classroom_id, event_id, "timestamp" FROM analytics_events WHERE "timestamp" < :cutoff
                LIMIT :limit
            )
            DELETE FROM analytics_events a
            USING doomed d
            WHERE a.classroom_id = d.classroom_id AND a.event_id = d.event_id AND a."timestamp" = d."timestamp"
              AND a."timestamp" < :cutoff
            """),

    STUDENT_FEEDBACK("student_feedback", """
            WITH doomed AS MATERIALIZED (
                SELECT classroom_id, event_id FROM student_feedback WHERE created_at < :cutoff LIMIT :limit
            )
            DELETE FROM student_feedback f
            USING doomed d
            WHERE f.classroom_id = d.classroom_id AND f.event_id = d.event_id AND f.created_at < :cutoff
            """),

    /**
     * A progress row is the latest state of a (student, lesson), counted in {@code progress_rollup}: the same
     * statement decrements the counts of the rows it deleted, so the funnel still equals the rows. The rows are
     * the batch's expired candidates ({@link RetentionPurge#EXPIRED_PROGRESS}, parameters {@code :students},
     * {@code :lessons}) of the students whose locks the purge holds ({@code StudentPlacements#tryLockForPurge}):
     * no live batch changes them before the purge commits, and a student a live batch holds is skipped (the batch
     * is about to replace the rows with newer state; the job never waits behind the live writers). The age is
     * checked again on the row deleted, and {@code RETURNING} reports the state deleted. Answers the students
     * whose deleted row was completed: their classrooms' {@code classroom_rollup} is recounted in the same
     * transaction.
     */
    STUDENT_PROGRESS("student_progress", """
            WITH doomed AS (
                SELECT * FROM unnest(CAST(:students AS uuid[]), CAST(:lessons AS int4[])) AS d(student_id, lesson_id)
            ), gone AS (
                DELETE FROM student_progress p
                USING doomed d
                WHERE p.student_id = d.student_id AND p.lesson_id = d.lesson_id AND p.updated_at < :cutoff
                RETURNING p.student_id, p.classroom_id, p.lesson_id, p.completion_status
            ), delta AS (
                SELECT classroom_id, lesson_id, completion_status, count(*) AS n
                FROM gone
                GROUP BY 1, 2, 3
            ), decremented AS (
                UPDATE progress_rollup r SET student_count = r.student_count - d.n
                FROM delta d
                WHERE r.classroom_id = d.classroom_id AND r.lesson_id = d.lesson_id
                  AND r.completion_status = d.completion_status
                RETURNING 1
            )
            SELECT g.student_id::text AS student_id, g.completion_status = 'completed' AS completed
            FROM gone g
            """),

    /**
     * Events held until a roster record names their student (V10, ADR 0021), by their event time like the events
     * themselves; counted nowhere, so nothing else moves. A roster batch releasing the same row concurrently deletes
     * it first or finds it gone.
     */
    PENDING_STUDENT_EVENTS("pending_student_events", """
            WITH doomed AS MATERIALIZED (
                SELECT classroom_id, kind, event_id, occurred_at FROM pending_student_events
                WHERE occurred_at < :cutoff
                LIMIT :limit
            )
            DELETE FROM pending_student_events e
            USING doomed d
            WHERE e.classroom_id = d.classroom_id AND e.kind = d.kind AND e.event_id = d.event_id
              AND e.occurred_at = d.occurred_at AND e.occurred_at < :cutoff
            """);

    final String table;
    final String delete;

    RetentionTable(String table, String delete) {
        this.table = table;
        this.delete = delete;
    }

    /** The table a kind's expired rows are deleted from: one per kind of the event family, none for the roster. */
    static Optional<RetentionTable> of(EventKind kind) {
        return switch (kind) {
            case ANALYTICS -> Optional.of(ANALYTICS_EVENTS);
            case PROGRESS -> Optional.of(STUDENT_PROGRESS);
            case FEEDBACK -> Optional.of(STUDENT_FEEDBACK);
            case FACILITATOR, CLASSROOM, STUDENT -> Optional.empty();
        };
    }
}
