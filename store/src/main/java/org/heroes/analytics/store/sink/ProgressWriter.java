package org.heroes.analytics.store.sink;

import java.util.Comparator;
import java.util.List;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.store.sink.LatestWins.Winner;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Upserts each student's state per lesson: the event with the latest {@code occurredAt} wins, ties
 * broken by the greater event id, so the stored row does not depend on arrival order, batch
 * boundaries or redelivery. Each state transition the upsert makes moves one student between the
 * {@code progress_rollup} counts in the same statement.
 *
 * <p>The upsert's snapshot of the old rows is their latest committed state, and nobody changes them before the
 * batch commits, without a lock of the progress rows: the batch holds the roster row of every student whose
 * progress it writes ({@link StudentPlacements}), as does every other writer of a student's progress (a roster
 * move, the retention purge; a forget waits for every batch that looked the forgotten list up). A student who changed classroom can have events
 * on two partitions, so on two consumers at once; the second waits for the first's student row. (A {@code FOR
 * UPDATE} of the progress rows in a multi-shard statement is refused on Citus, ADR 0029.)
 */
@Component
class ProgressWriter {

    /**
     * The end of a statement that changed progress rows, from its CTEs {@code changed} (the rows after the change)
     * and {@code old} (the same rows before it), both {@code (student_id, lesson_id, classroom_id,
     * completion_status)}: moves each changed row between the {@code progress_rollup} counts, minus one for its old
     * (classroom, lesson, status), plus one for the new. Shared by the upsert below and by {@link
     * ProgressFollowsRoster}, which moves rows to another classroom.
     */
    static final String ROLLUP_DELTA = """
            delta AS (
                SELECT classroom_id, lesson_id, completion_status, sum(d)::bigint AS d
                FROM (SELECT c.classroom_id, c.lesson_id, c.completion_status, 1 AS d FROM changed c
                      UNION ALL
                      SELECT o.classroom_id, o.lesson_id, o.completion_status, -1
                      FROM changed c JOIN old o ON o.student_id = c.student_id AND o.lesson_id = c.lesson_id) t
                GROUP BY 1, 2, 3
                HAVING sum(d) <> 0
            ), decremented AS (
                UPDATE progress_rollup r SET student_count = r.student_count + d.d
                FROM delta d
                WHERE d.d < 0 AND r.classroom_id = d.classroom_id AND r.lesson_id = d.lesson_id
                  AND r.completion_status = d.completion_status
                RETURNING 1
            ), incremented AS (
                INSERT INTO progress_rollup AS r (classroom_id, lesson_id, completion_status, student_count)
                SELECT classroom_id, lesson_id, completion_status, d FROM delta WHERE d > 0 ORDER BY 1, 2, 3
                ON CONFLICT (classroom_id, lesson_id, completion_status) DO UPDATE SET
                    student_count = r.student_count + EXCLUDED.student_count
                RETURNING 1
            )
            """;

    /**
     * Upserts the latest state per (student, lesson) and moves the changed rows between the
     * {@code progress_rollup} counts ({@link #ROLLUP_DELTA}). A stored row keeps its classroom: no event moves a
     * student's progress to another classroom, only the roster does ({@link ProgressFollowsRoster}), and the roster
     * check admits only events that name the student's roster classroom (ADR 0021), so the conflict target, the
     * primary key {@code (classroom_id, student_id, lesson_id)} that leads with Citus's distribution column (V16,
     * ADR 0028), meets the one row of the student's lesson. The row comparison
     * {@code (updated_at, event_id) < (...)} is the same order {@link #LATEST} applies in Java: PostgreSQL compares
     * uuids byte by byte, which is the string order of their lower-case canonical text. Answers one row per
     * changed row: its student, whether the change touched a completed status (classroom_rollup counts those),
     * and whether it updated a row this statement's snapshot did not hold (a concurrent insert; the batch is then
     * retried).
     */
    static final String UPSERT_PROGRESS = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::int4[], ?::uuid[], ?::text[], ?::int4[], ?::int8[], ?::uuid[],
                                     ?::timestamptz[])
                    AS i(student_id, lesson_id, classroom_id, completion_status, score, time_spent_seconds, event_id,
                         updated_at)
            ), old AS (
                SELECT p.student_id, p.lesson_id, p.classroom_id, p.completion_status
                FROM student_progress p
                JOIN input i ON p.student_id = i.student_id AND p.lesson_id = i.lesson_id
            ), changed AS (
                INSERT INTO student_progress AS p
                    (student_id, lesson_id, classroom_id, completion_status, score, time_spent_seconds, event_id,
                     updated_at)
                SELECT * FROM input
                ON CONFLICT (classroom_id, student_id, lesson_id) DO UPDATE SET
                    completion_status  = EXCLUDED.completion_status,
                    score              = EXCLUDED.score,
                    time_spent_seconds = EXCLUDED.time_spent_seconds,
                    event_id           = EXCLUDED.event_id,
                    updated_at         = EXCLUDED.updated_at
                WHERE (p.updated_at, p.event_id) < (EXCLUDED.updated_at, EXCLUDED.event_id)
                RETURNING p.student_id, p.lesson_id, p.classroom_id, p.completion_status, (p.xmax = 0) AS inserted
            ), """ + ROLLUP_DELTA + """
            SELECT c.student_id::text AS student_id,
                   (c.completion_status = 'completed' OR o.completion_status = 'completed') AS touches_completed,
                   (NOT c.inserted AND o.student_id IS NULL) AS unseen
            FROM changed c
            LEFT JOIN old o ON o.student_id = c.student_id AND o.lesson_id = c.lesson_id
            """;

    /** Between events of equal {@code occurredAt}, the greater event id (in PostgreSQL's uuid order) wins. */
    static final Comparator<ProgressEvent> LATEST = Comparator.comparing(e -> SqlArrays.canonicalUuid(e.getEventId()));

    private final JdbcClient jdbc;

    ProgressWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Applies the batch's latest event per (student, lesson) and moves the rollup counts.
     *
     * @return the rows changed, and the students whose change entered or left "completed"
     * @throws ConcurrencyFailureException if another transaction inserted one of the rows meanwhile
     */
    ProgressChanges write(List<ProgressEvent> events) {
        if (events.isEmpty()) {
            return new ProgressChanges();
        }
        List<ProgressEvent> rows = latestPerStudentLesson(events);
        var changed = new ProgressChanges();
        jdbc.sql(UPSERT_PROGRESS)
                .params(
                        SqlArrays.uuid(rows, ProgressEvent::getStudentId),
                        SqlArrays.int4(rows, ProgressEvent::getLessonId),
                        SqlArrays.uuid(rows, ProgressEvent::getClassroomId),
                        SqlArrays.text(
                                "text", rows, e -> e.getCompletionStatus().name()),
                        SqlArrays.int4(rows, ProgressEvent::getScore),
                        SqlArrays.int8(rows, ProgressEvent::getTimeSpentSeconds),
                        SqlArrays.uuid(rows, ProgressEvent::getEventId),
                        SqlArrays.timestamptz(rows, ProgressEvent::getOccurredAt))
                .query((rs, n) -> {
                    if (rs.getBoolean("unseen")) {
                        throw new ConcurrencyFailureException(
                                "progress of student " + rs.getString("student_id") + " was inserted concurrently");
                    }
                    changed.add(rs.getString("student_id"), rs.getBoolean("touches_completed"));
                    return n;
                })
                .list();
        return changed;
    }

    /** One event per (student, lesson): the one the upsert would keep. */
    static List<ProgressEvent> latestPerStudentLesson(List<ProgressEvent> events) {
        return LatestWins.perKey(
                        events,
                        e -> List.of(SqlArrays.canonicalUuid(e.getStudentId()), e.getLessonId()),
                        ProgressEvent::getOccurredAt,
                        LATEST)
                .stream()
                .map(Winner::record)
                .toList();
    }
}
