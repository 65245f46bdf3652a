/**
 * The client library of the ingest API (DESIGN §3), for client apps and tools: plain Java 17,
 * {@code java.net.http} and Jackson, no Spring. {@link org.heroes.analytics.client.IngestClient} splits
 * events into batches, gzips them, and posts each until it is answered for good: it retries network
 * errors, {@code 503} and {@code 429} (after {@code Retry-After}) with the very same body, hence the same
 * eventIds, a bounded number of times with exponential back-off, and hands the events the service
 * rejected back to the caller as {@link org.heroes.analytics.client.RejectedEvent}s.
 */
package org.heroes.analytics.client;
