package org.heroes.analytics.store.sink;

import java.util.List;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.store.sink.LatestWins.Winner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Upserts facilitators from roster records: the record with the latest {@code occurredAt} sets the
 * columns and {@code updated_at}; {@code created_at} is the least {@code occurredAt} ever seen. See
 * {@link RosterUpserts} for how ties are decided.
 */
@Component
class FacilitatorWriter {

    static final String UPSERT_FACILITATORS = """
            INSERT INTO facilitators AS t (id, email, organization, is_active, created_at, updated_at)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bool[], ?::timestamptz[], ?::timestamptz[])
            ON CONFLICT (id) DO UPDATE SET
                email        = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.email ELSE t.email END,
                organization = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.organization
                                    ELSE t.organization END,
                is_active    = CASE WHEN t.updated_at < EXCLUDED.updated_at THEN EXCLUDED.is_active
                                    ELSE t.is_active END,
                updated_at   = GREATEST(t.updated_at, EXCLUDED.updated_at),
                created_at   = LEAST(t.created_at, EXCLUDED.created_at)
            WHERE t.updated_at < EXCLUDED.updated_at OR EXCLUDED.created_at < t.created_at
            """;

    private final JdbcClient jdbc;

    FacilitatorWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies the batch's latest record per facilitator; returns how many rows changed. */
    int write(List<FacilitatorRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        List<Winner<FacilitatorRecord>> rows = RosterUpserts.latestPerEntity(
                records, FacilitatorRecord::getFacilitatorId, FacilitatorRecord::getOccurredAt);
        return jdbc.sql(UPSERT_FACILITATORS)
                .params(
                        SqlArrays.uuid(rows, w -> w.record().getFacilitatorId()),
                        SqlArrays.text("text", rows, w -> w.record().getEmail()),
                        SqlArrays.text("text", rows, w -> w.record().getOrganization()),
                        SqlArrays.bool(rows, w -> w.record().getActive()),
                        SqlArrays.timestamptz(rows, Winner::earliestOccurredAt),
                        SqlArrays.timestamptz(rows, w -> w.record().getOccurredAt()))
                .update();
    }
}
