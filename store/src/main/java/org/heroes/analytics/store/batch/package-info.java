/**
 * The writer's batch, the one path every record takes into the database (the aggregator's live listener, a
 * replay): {@code BatchProcessor} decodes each record (Avro single-object encoding, any published schema version)
 * and validates it, drops the events older than the retention age ({@code drop}), writes the rest through the
 * {@code sink} with the batch's offsets in one transaction, and dead-letters the bad records before that commit. A
 * record the database refuses for its own data is found by writing the batch record by record and dead-lettered;
 * any other failure fails the batch, classified ({@code failures}). {@code WriterConfiguration} wires all of it.
 */
package org.heroes.analytics.store.batch;
