package org.heroes.analytics.store.sink;

import java.util.List;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.store.sink.LatestWins.Winner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Upserts classrooms from roster records, latest {@code occurredAt} wins, {@code created_at} the
 * least one seen (see {@link RosterUpserts}). The time zone is the latest record's too: a record written before
 * {@code timeZone} existed reads as {@code UTC} (its schema default).
 */
@Component
class ClassroomWriter {

    static final String UPSERT_CLASSROOMS = """
            INSERT INTO classrooms AS t (id, facilitator_id, name, classroom_code, is_active, created_at, updated_at,
                                         time_zone)
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::bool[], ?::timestamptz[],
                                 ?::timestamptz[], ?::text[])
            ON CONFLICT (id) DO UPDATE SET
                facilitator_id = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.facilitator_id
                                      ELSE t.facilitator_id END,
                name           = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.name ELSE t.name END,
                classroom_code = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.classroom_code
                                      ELSE t.classroom_code END,
                is_active      = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.is_active
                                      ELSE t.is_active END,
                time_zone      = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.time_zone
                                      ELSE t.time_zone END,
                updated_at     = GREATEST(t.updated_at, EXCLUDED.updated_at),
                created_at     = LEAST(t.created_at, EXCLUDED.created_at)
            WHERE t.updated_at < EXCLUDED.updated_at OR EXCLUDED.created_at < t.created_at
            """;

    private final JdbcClient jdbc;

    ClassroomWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies the batch's latest record per classroom; returns how many rows changed. */
    int write(List<ClassroomRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        List<Winner<ClassroomRecord>> rows =
                RosterUpserts.latestPerEntity(records, ClassroomRecord::getClassroomId, ClassroomRecord::getOccurredAt);
        return jdbc.sql(UPSERT_CLASSROOMS)
                .params(
                        SqlArrays.uuid(rows, w -> w.record().getClassroomId()),
                        SqlArrays.uuid(rows, w -> w.record().getFacilitatorId()),
                        SqlArrays.text("text", rows, w -> w.record().getName()),
                        SqlArrays.text("text", rows, w -> w.record().getClassroomCode()),
                        SqlArrays.bool(rows, w -> w.record().getActive()),
                        SqlArrays.timestamptz(rows, Winner::earliestOccurredAt),
                        SqlArrays.timestamptz(rows, w -> w.record().getOccurredAt()),
                        SqlArrays.text("text", rows, w -> w.record().getTimeZone()))
                .update();
    }
}
