/**
 * {@code heroes replay}: re-reads a range of the event topics into the database, alongside live
 * traffic. The CLI does not re-implement the writer: it starts the aggregator's own Spring context
 * in-process (no web server, no migrations, the live listener not started) and runs its replay, so
 * the replay writes through exactly the code of the live path ({@code docs/adr/0010-cli-runs-the-aggregators-replay.md}).
 * This package and {@code AggregatorApplication} are the only aggregator code the CLI may use.
 */
package org.heroes.analytics.cli.replay;
