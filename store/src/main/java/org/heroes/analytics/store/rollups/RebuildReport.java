package org.heroes.analytics.store.rollups;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of a rebuild or a dry run, for the operator: the scope as applied (its hours widened to
 * whole UTC hours), and per table what differed from the raw rows and what was replaced.
 *
 * @param scope the scope asked for; {@link RebuildScope#describe()} says what it covered
 * @param applied true if the new rollups were committed, false for a dry run (nothing changed)
 * @param tables one report per rollup table covered, in lock order
 * @param took the transaction's duration, lock waits included
 * @param hourlyNotBefore when the scope reached before the retention horizon: the first hour the hourly tables
 *     were rebuilt from (hours before it were left alone, their raw rows deleted; ADR 0012); else {@code null}
 */
public record RebuildReport(
        RebuildScope scope, boolean applied, List<TableReport> tables, Duration took, Instant hourlyNotBefore) {

    public RebuildReport {
        tables = List.copyOf(tables);
    }

    /** Rows of all tables that were not what the raw rows imply. */
    public long differing() {
        return tables.stream().mapToLong(TableReport::differing).sum();
    }
}
