/**
 * The sink benchmark ({@code scripts/bench.sh sink}): a main, not a test. It pre-loads events into
 * Kafka, times the packaged aggregator (its own JVM, {@code -Xmx512m}) until every offset is stored
 * with rows and rollups, and in the same run times {@code COPY} of the same rows into a fresh table
 * with the same indexes, the ceiling.
 */
package org.heroes.analytics.aggregator.bench;
