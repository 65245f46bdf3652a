package org.heroes.analytics.store.retention;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The one row of {@code retention_horizon}: the instant before which raw rows may have been deleted. It only
 * moves forward, and the job commits it before deleting anything, so whoever sees a deleted row missing also
 * sees the horizon that explains it (ADR 0012). Read by the writers' filter ({@link ExpiredEvents}) and the
 * rollup rebuilder; query-service reads it too, with its own statement.
 */
@Component
public class RetentionHorizon {

    static final String READ = "SELECT horizon FROM retention_horizon";

    /**
     * Never backwards: a smaller age configured later does not un-delete anything. The update takes the time from
     * {@code EXCLUDED} (the same transaction's {@code now()}): Citus refuses a function that is not immutable in
     * {@code DO UPDATE SET} (ADR 0028).
     */
    static final String ADVANCE = """
            INSERT INTO retention_horizon AS h (singleton, horizon, updated_at)
            VALUES (true, ?, now())
            ON CONFLICT (singleton) DO UPDATE SET
                horizon    = greatest(h.horizon, EXCLUDED.horizon),
                updated_at = EXCLUDED.updated_at
            RETURNING horizon
            """;

    private final JdbcClient jdbc;

    public RetentionHorizon(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The stored horizon, empty while the job has never run (nothing was deleted). */
    public Optional<Instant> stored() {
        return jdbc.sql(READ).query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
    }

    /** Moves the horizon to {@code cutoff} unless it is already later; answers the horizon now stored. */
    Instant advanceTo(Instant cutoff) {
        return jdbc.sql(ADVANCE)
                .param(cutoff.atOffset(ZoneOffset.UTC))
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
    }
}
