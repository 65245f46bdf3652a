/**
 * The consumer offsets of record: kept in PostgreSQL ({@code consumer_offsets}) and moved in the same
 * transaction as the rows and rollups of the batch they cover, with a compare-and-set that refuses a
 * batch which does not start at or after the stored offset (a stale consumer after a rebalance, or a
 * batch another instance has already written). On partition assignment the consumer seeks to the
 * stored offsets; Kafka's own committed offsets are advisory (monitoring) only. See
 * {@code docs/adr/0005-offsets-in-the-database.md}.
 */
package org.heroes.analytics.store.offsets;
