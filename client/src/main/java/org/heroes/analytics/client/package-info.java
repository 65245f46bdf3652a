/**
 * The client library of the ingest API (contract §3), for client apps and tools: plain Java 17,
 * {@code java.net.http} and Jackson, no Spring.
 *
 * <p>{@link org.heroes.analytics.client.Outbox}, for apps: every event is written to a bounded queue on the
 * device's storage before it is sent ({@link org.heroes.analytics.client.DiskQueue}: segments of checksummed
 * records, an atomically replaced {@link org.heroes.analytics.client.Checkpoint}), sent in the background by
 * {@link org.heroes.analytics.client.Sender} until it is answered — with the same eventIds after a failure, a
 * crash or a restart — and reported to the app as delivered, rejected (with the service's reasons) or evicted
 * (the queue was full, oldest first). ADR 0026 is its design.
 *
 * <p>{@link org.heroes.analytics.client.IngestClient}, for tools that hold their events themselves: splits them
 * into batches and posts each until it is answered for good, retrying network errors, {@code 503} and
 * {@code 429} (after {@code Retry-After}) with the very same events a bounded number of times, and hands the
 * rejected events back as {@link org.heroes.analytics.client.RejectedEvent}s. Both share one attempt
 * ({@link org.heroes.analytics.client.Exchange}), its body ({@link org.heroes.analytics.client.BatchBody}, with
 * {@code sentAt}) and the back-off with full jitter ({@link org.heroes.analytics.client.Backoff}).
 */
package org.heroes.analytics.client;
