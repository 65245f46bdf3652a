package org.heroes.analytics.query.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The retention horizon (table {@code retention_horizon}, written by the aggregator's retention job; ADR
 * 0012): before it, raw rows may be deleted while the hourly rollups keep their sums. A cell that begins before
 * it therefore has no trustworthy count of distinct students, and {@link SmallCells} withholds its average.
 * Read as a column of each answer's own statement, so the horizon and the rows are of one snapshot: the job commits
 * the horizon before it deletes a row, so rows that are gone always come with the horizon that covers them.
 */
public final class RetentionHorizon {

    /**
     * The horizon as a column ({@value #COLUMN_LABEL}) of every row of another statement: an uncorrelated subquery,
     * computed once (the table holds at most one row: its key is the constant {@code true}).
     */
    public static final String COLUMN =
            "(SELECT h.horizon FROM retention_horizon h) AS " + RetentionHorizon.COLUMN_LABEL;

    public static final String COLUMN_LABEL = "retention_horizon";

    private RetentionHorizon() {}

    /** The horizon from the {@link #COLUMN} of the current row, or {@code null} while nothing was ever deleted. */
    public static Instant of(ResultSet row) throws SQLException {
        OffsetDateTime horizon = row.getObject(COLUMN_LABEL, OffsetDateTime.class);
        return horizon == null ? null : horizon.toInstant();
    }
}
