package org.heroes.analytics.query.privacy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.heroes.analytics.query.tenancy.TenantQueries;
import org.springframework.stereotype.Component;

/**
 * Reads the retention horizon (table {@code retention_horizon}, written by the aggregator's retention job; ADR
 * 0012): before it, raw rows may be deleted while the hourly rollups keep their sums. A cell that begins before
 * it therefore has no trustworthy count of distinct students, and {@link SmallCells} withholds its average.
 * Read in the same transaction as the answer, so the horizon and the rows agree (the job commits the horizon
 * before it deletes a row).
 */
@Component
public class RetentionHorizon {

    static final String HORIZON = "SELECT horizon FROM retention_horizon";

    /** The horizon, or {@code null} while nothing was ever deleted. */
    public Instant read(TenantQueries db) {
        List<OffsetDateTime> rows = db.list(HORIZON, Map.of(), (rs, n) -> rs.getObject(1, OffsetDateTime.class));
        return rows.isEmpty() ? null : rows.get(0).toInstant();
    }
}
