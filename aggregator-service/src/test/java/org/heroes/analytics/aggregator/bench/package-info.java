/**
 * The benchmarks of the aggregator, mains, not tests. {@code SinkBenchmark} ({@code scripts/bench.sh
 * sink}) pre-loads events into Kafka, times the packaged aggregator (its own JVM, {@code -Xmx512m})
 * until every offset is stored with rows and rollups, and in the same run times {@code COPY} of the
 * same rows into a fresh table with the same indexes, the ceiling. {@code ReplayBenchmark}
 * ({@code scripts/bench.sh replay}) times, in one run, the live aggregator, a replay of the same events
 * (all already stored) and a replay of as many new ones, both through the operator CLI.
 */
package org.heroes.analytics.aggregator.bench;
