/**
 * ingest-service: the HTTP entry of client events and roster records (contract §3). {@code events} reads
 * and validates them, {@code publishing} writes them to Kafka, {@code web} is the API, {@code security}
 * the token check, {@code ratelimit} the per-token rate limits.
 */
package org.heroes.analytics.ingest;
