package org.heroes.analytics.store.forget;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.store.rollups.RebuildReport;

/**
 * What one forget did, for the operator; it holds the anonymous id and counts, nothing else.
 *
 * @param studentId the student forgotten
 * @param alreadyListed true if the id was on the list before (forgetting twice is harmless)
 * @param removed rows deleted per table, in the order they were deleted
 * @param classrooms classrooms whose rollups were rebuilt (those the deleted rows belonged to)
 * @param rollups the rebuild of those classrooms' rollups, or {@code null} if no row was found
 * @param took the transaction's duration, lock waits included
 */
public record ForgetReport(
        UUID studentId,
        boolean alreadyListed,
        Map<String, Long> removed,
        int classrooms,
        RebuildReport rollups,
        Duration took) {

    /** Keeps its own copy of {@code removed}, in the given order. */
    public ForgetReport {
        removed = Collections.unmodifiableMap(new LinkedHashMap<>(removed));
    }

    /** Rows deleted in all tables. */
    public long rowsRemoved() {
        return removed.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rollup rows the rebuild found different from the raw rows without the student: what the forget changed. */
    public long rollupRowsChanged() {
        return rollups == null ? 0 : rollups.differing();
    }
}
