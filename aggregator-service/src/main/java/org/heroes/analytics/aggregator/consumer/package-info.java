/**
 * The live path: a Spring Kafka batch listener over the event topics that hands each batch to the {@code store}
 * library's {@code BatchProcessor} (decode, validate, drop, write with its offsets in one transaction, dead-letter
 * the rest before that commit), and acknowledges Kafka's advisory offset only after it (AckMode.MANUAL). When
 * partitions are assigned, and after a batch the stored offsets show to be stale, the consumer seeks to the offsets
 * stored in the database ({@code StoredOffsetSeeker}). A replay runs the same {@code BatchProcessor}, from the
 * library, writing without offsets.
 *
 * <p>Failures are decided by type: a record that cannot be decoded or is invalid is dead-lettered at
 * once; a record the database refuses for its own data is found by writing the batch record by
 * record and dead-lettered; everything else (transient or fatal) fails the batch, and the container's
 * error handler retries the whole batch with bounded exponential back-off and never skips it.
 */
package org.heroes.analytics.aggregator.consumer;
