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
 * sees the horizon that explains it (ADR 0012). Read by the writers' filter ({@code ExpiredEvents}) and the
 * rollup rebuilder; query-service reads it too, with its own statement.
 *
 * <p>A batch reads it {@link #lockedForWrite() locked}, in its write's transaction, and the job moves it under a
 * table lock that waits for those batches: so no batch that passed the filter with the old horizon is still writing
 * when the job begins to delete (it could insert again a row the job deletes, which the rollups already count).
 */
@Component
public class RetentionHorizon {

    static final String READ = "SELECT horizon FROM retention_horizon";

    /**
     * The horizon a batch writes under: {@code FOR SHARE} takes {@code ROW SHARE} on the table even while it has no
     * row (the job never ran), which {@link #LOCK_FOR_ADVANCE} waits for until the batch commits.
     */
    static final String READ_FOR_WRITE = "SELECT horizon FROM retention_horizon FOR SHARE";

    /** Waits for the batches writing under the current horizon; blocks new ones until the advance commits. */
    static final String LOCK_FOR_ADVANCE = "LOCK TABLE retention_horizon IN EXCLUSIVE MODE";

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

    /**
     * The stored horizon, locked until the caller's transaction ends against a job moving it ({@link #advanceTo}):
     * what a batch filters and writes under, in its write's transaction.
     */
    public Optional<Instant> lockedForWrite() {
        return jdbc.sql(READ_FOR_WRITE).query(OffsetDateTime.class).optional().map(OffsetDateTime::toInstant);
    }

    /**
     * Moves the horizon to {@code cutoff} unless it is already later; answers the horizon now stored. Must run in a
     * transaction, committed before anything is deleted: it first waits for the batches that read the horizon.
     */
    Instant advanceTo(Instant cutoff) {
        jdbc.sql(LOCK_FOR_ADVANCE).update();
        return jdbc.sql(ADVANCE)
                .param(cutoff.atOffset(ZoneOffset.UTC))
                .query(OffsetDateTime.class)
                .single()
                .toInstant();
    }
}
