/**
 * Writes a batch of decoded records to PostgreSQL (as {@code heroes_writer}, through PgBouncer in
 * transaction mode): one transaction per batch holding the compare-and-set of the batch's stored
 * offsets ({@code offsets}), one {@code INSERT ... SELECT FROM unnest(arrays)} statement per table, so
 * a batch of any size is one plan and a handful of round trips, and the rollups and watermarks.
 *
 * <p>Every rollup moves by exactly what its raw statement inserted or changed ({@code RETURNING} in
 * data-modifying CTEs): events are inserted {@code ON CONFLICT DO NOTHING} on their event id and only
 * new rows are counted; progress and roster rows are upserted "latest {@code occurredAt} wins" and
 * only changed rows move the counts; classroom counts are recounted for the classrooms a batch
 * touched. Each writer class holds its SQL as a named text block. {@link
 * org.heroes.analytics.store.failures.WriteFailures} decides whether a failed write is transient,
 * caused by a record's own data, or fatal.
 */
package org.heroes.analytics.store.sink;
