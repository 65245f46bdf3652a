/**
 * The aggregator-service: a batching Kafka consumer that writes the raw rows of every event kind
 * through PgBouncer as {@code heroes_writer}, the only credentials it holds. It runs no migration
 * (scripts/migrate.sh does, as {@code heroes_owner}, before it starts); {@code schema} refuses to start it
 * on a schema other than the one its {@code schemas} jar carries.
 *
 * <p>{@code ingest} reads, decodes and validates batches and decides when offsets may be committed;
 * {@code sink} writes a batch (one transaction, one statement per table) and classifies write
 * failures; {@code deadletter} sets aside, with the reason, what can never be written; {@code replay}
 * re-reads a topic range through the same batch work, beside the live listener.
 */
package org.heroes.analytics.aggregator;
