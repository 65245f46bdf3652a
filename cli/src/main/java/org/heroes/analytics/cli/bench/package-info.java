/**
 * {@code heroes bench-ingest}: the ingest benchmark behind {@code scripts/bench/ingest.sh} — events per
 * second through the HTTP API to Kafka's acknowledgement, beside a plain producer's rate for the same
 * records (the ceiling).
 */
package org.heroes.analytics.cli.bench;
