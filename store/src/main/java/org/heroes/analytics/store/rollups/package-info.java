/**
 * Rebuilding the rollups from the raw rows, for an operator who found or fears a wrong rollup (a bug
 * since fixed, a hand edit, a restore of one table). The aggregator owns what a rollup means, so the
 * derivation lives here, beside the incremental SQL of {@code sink} that it must equal: hourly buckets
 * in UTC, numeric sums, counts of the values present, latest-wins progress counted per classroom,
 * active roster students and those of them with a completed lesson.
 *
 * <p>{@link org.heroes.analytics.store.rollups.RollupRebuilder} rebuilds the rollups of a
 * {@link org.heroes.analytics.store.rollups.RebuildScope} (classrooms and/or whole UTC hours) in
 * one transaction, under table locks that make it safe while the live aggregator writes, and reports
 * how many rows were wrong; a dry run reports the same and changes nothing.
 */
package org.heroes.analytics.store.rollups;
