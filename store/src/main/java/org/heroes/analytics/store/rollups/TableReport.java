package org.heroes.analytics.store.rollups;

/**
 * What a rebuild found and did in one rollup table, within the scope. Rows whose counts are all zero
 * (the incremental path leaves them behind) count as absent, as they are to readers.
 *
 * @param table the rollup table
 * @param stored rows stored before the rebuild
 * @param derived rows the raw rows imply
 * @param wrong rows on both sides whose counts or sums differed
 * @param missing rows the raw rows imply that were not stored
 * @param extra rows stored that the raw rows do not imply
 * @param deleted rows deleted (zero rows included; 0 in a dry run)
 * @param written rows written (0 in a dry run)
 */
public record TableReport(
        String table, long stored, long derived, long wrong, long missing, long extra, long deleted, long written) {

    /** Rows that were not what the raw rows imply: wrong, missing or extra. */
    public long differing() {
        return wrong + missing + extra;
    }
}
