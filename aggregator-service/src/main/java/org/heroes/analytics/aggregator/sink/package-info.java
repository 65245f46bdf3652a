/**
 * Writes a batch of decoded records to PostgreSQL (as {@code heroes_writer}, through PgBouncer in
 * transaction mode): one transaction per batch, one {@code INSERT ... SELECT FROM unnest(arrays)}
 * statement per table, so a batch of any size is one plan and a handful of round trips.
 *
 * <p>Every write is idempotent and order-independent, so a batch retried after a failure, or
 * replayed from the topic, changes nothing twice: events are inserted {@code ON CONFLICT DO NOTHING}
 * on their event id; progress and roster rows are upserted "latest {@code occurredAt} wins". Each
 * writer class holds its SQL as a named text block. {@link
 * org.heroes.analytics.aggregator.sink.WriteFailures} decides whether a failed write is transient,
 * caused by a record's own data, or fatal.
 */
package org.heroes.analytics.aggregator.sink;
