/**
 * Reading the topics: a Spring Kafka batch listener over the four event topics that decodes each
 * record (Avro single-object encoding, any published schema version), validates it, hands the valid
 * ones to the {@code sink} as one batch with its offsets (stored in the database, in the same
 * transaction), dead-letters the rest before that commit, and acknowledges Kafka's advisory offset
 * only after it (AckMode.MANUAL). A batch the stored offsets show to be stale is dropped and the
 * consumer sought to the stored offsets. The per-batch work is {@code BatchProcessor}, which the
 * {@code replay} package runs too, writing without offsets.
 *
 * <p>Failures are decided by type: a record that cannot be decoded or is invalid is dead-lettered at
 * once; a record the database refuses for its own data is found by writing the batch record by
 * record and dead-lettered; everything else (transient or fatal) fails the batch, and the container's
 * error handler retries the whole batch with bounded exponential back-off and never skips it.
 */
package org.heroes.analytics.aggregator.consumer;
