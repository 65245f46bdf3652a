/**
 * Publishing accepted records to Kafka: the producer (acks=all, idempotent, compressed, with timeouts
 * derived from one acknowledgement deadline) and {@link org.heroes.analytics.ingest.publishing.RecordPublisher},
 * which sends a batch one record at a time and returns only once Kafka acknowledged every one of them,
 * or fails the whole batch.
 */
package org.heroes.analytics.ingest.publishing;
