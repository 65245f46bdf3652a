/**
 * PgBouncer's own figures as metrics: {@code SHOW POOLS} (clients waiting for a server connection, active and idle
 * connections, the longest wait) and {@code SHOW STATS} (average query, transaction and wait time) read from its
 * admin console every {@code aggregator.pgbouncer-metrics.interval} and exported as {@code pgbouncer.*} gauges.
 * One exporter for the one PgBouncer, in the aggregator, the always-running writer (docs/adr/0014). Readiness does
 * not depend on it: a failed read only sets {@code pgbouncer.exporter.up} to 0.
 */
package org.heroes.analytics.aggregator.pgbouncer;
