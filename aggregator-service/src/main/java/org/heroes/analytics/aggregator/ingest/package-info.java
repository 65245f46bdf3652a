/**
 * Reading the topics: a Spring Kafka batch listener over the four event topics that decodes each
 * record (Avro single-object encoding, any published schema version), validates it, hands the valid
 * ones to the {@code sink} as one batch, dead-letters the rest, and only then returns, so the
 * container commits the batch's offsets after the database commit (AckMode.BATCH).
 *
 * <p>Failures are decided by type: a record that cannot be decoded or is invalid is dead-lettered at
 * once; a record the database refuses for its own data is found by writing the batch record by
 * record and dead-lettered; everything else (transient or fatal) fails the batch, and the container's
 * error handler retries the whole batch with bounded exponential back-off and never skips it.
 */
package org.heroes.analytics.aggregator.ingest;
