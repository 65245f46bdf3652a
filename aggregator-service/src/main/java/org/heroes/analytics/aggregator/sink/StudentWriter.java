package org.heroes.analytics.aggregator.sink;

import java.util.List;
import org.heroes.analytics.aggregator.sink.LatestWins.Winner;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Upserts students from roster records, latest {@code occurredAt} wins, {@code created_at} the least
 * one seen (see {@link RosterUpserts}). {@code last_active_at} is not a roster fact and is left alone.
 */
@Component
class StudentWriter {

    static final String UPSERT_STUDENTS = """
            INSERT INTO students AS t (id, classroom_id, anonymous_id, is_active, created_at, updated_at)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::bool[], ?::timestamptz[], ?::timestamptz[])
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
            """;

    private final JdbcClient jdbc;

    StudentWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies the batch's latest record per student; returns how many rows changed. */
    int write(List<StudentRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        List<Winner<StudentRecord>> rows =
                RosterUpserts.latestPerEntity(records, StudentRecord::getStudentId, StudentRecord::getOccurredAt);
        return jdbc.sql(UPSERT_STUDENTS)
                .params(
                        SqlArrays.uuid(rows, w -> w.record().getStudentId()),
                        SqlArrays.uuid(rows, w -> w.record().getClassroomId()),
                        SqlArrays.text("text", rows, w -> w.record().getAnonymousId()),
                        SqlArrays.bool(rows, w -> w.record().getActive()),
                        SqlArrays.timestamptz(rows, Winner::earliestOccurredAt),
                        SqlArrays.timestamptz(rows, w -> w.record().getOccurredAt()))
                .update();
    }
}
