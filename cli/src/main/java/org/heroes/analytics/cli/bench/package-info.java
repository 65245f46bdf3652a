/**
 * {@code heroes bench-ingest}: the ingest benchmark behind {@code scripts/bench/ingest.sh} — events per
 * second through the HTTP API to Kafka's acknowledgement, beside a plain producer's rate for the same
 * records (the ceiling). {@code heroes bench-freshness}, behind {@code scripts/bench/freshness.sh}: from
 * ingest's 202 to the query API counting the events, at half of ingest's maximum measured in the same run.
 */
package org.heroes.analytics.cli.bench;
