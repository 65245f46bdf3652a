package org.heroes.analytics.store.sink;

import java.util.List;
import java.util.Set;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.heroes.analytics.store.sink.LatestWins.Winner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Upserts students from roster records, latest {@code occurredAt} wins, {@code created_at} the least
 * one seen (see {@link RosterUpserts}). {@code last_active_at} is not a roster fact and is left alone.
 */
@Component
class StudentWriter {

    /**
     * Upserts the students and answers the classrooms whose roster changed: for every changed row its
     * classroom before (if it existed) and after. Students are keyed by their own id, so one student's
     * records are on one partition and, under the offsets' compare-and-set, written by one consumer at
     * a time: the snapshot read of the old rows cannot miss a concurrent change.
     */
    static final String UPSERT_STUDENTS = """
            WITH input AS (
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::bool[], ?::timestamptz[], ?::timestamptz[])
                    AS i(id, classroom_id, anonymous_id, is_active, created_at, updated_at)
            ), old AS (
                SELECT s.id, s.classroom_id FROM students s JOIN input i ON i.id = s.id
            ), changed AS (
                INSERT INTO students AS t (id, classroom_id, anonymous_id, is_active, created_at, updated_at)
                SELECT * FROM input
                ON CONFLICT (id) DO UPDATE SET
                    classroom_id = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.classroom_id
                                        ELSE t.classroom_id END,
                    anonymous_id = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.anonymous_id
                                        ELSE t.anonymous_id END,
                    is_active    = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.is_active
                                        ELSE t.is_active END,
                    updated_at   = GREATEST(t.updated_at, EXCLUDED.updated_at),
                    created_at   = LEAST(t.created_at, EXCLUDED.created_at)
                WHERE t.updated_at < EXCLUDED.updated_at OR EXCLUDED.created_at < t.created_at
                RETURNING t.id, t.classroom_id
            )
            SELECT classroom_id::text AS classroom_id FROM changed
            UNION
            SELECT o.classroom_id::text FROM old o JOIN changed c ON c.id = o.id
            """;

    private final JdbcClient jdbc;

    StudentWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies the batch's latest record per student; returns the classrooms whose roster changed. */
    Set<String> write(List<StudentRecord> records) {
        if (records.isEmpty()) {
            return Set.of();
        }
        List<Winner<StudentRecord>> rows =
                RosterUpserts.latestPerEntity(records, StudentRecord::getStudentId, StudentRecord::getOccurredAt);
        return Set.copyOf(jdbc.sql(UPSERT_STUDENTS)
                .params(
                        SqlArrays.uuid(rows, w -> w.record().getStudentId()),
                        SqlArrays.uuid(rows, w -> w.record().getClassroomId()),
                        SqlArrays.text("text", rows, w -> w.record().getAnonymousId()),
                        SqlArrays.bool(rows, w -> w.record().getActive()),
                        SqlArrays.timestamptz(rows, Winner::earliestOccurredAt),
                        SqlArrays.timestamptz(rows, w -> w.record().getOccurredAt()))
                .query(String.class)
                .list());
    }
}
