/**
 * Replay: re-reads a range of the event topics (from the earliest offset or an instant, to an instant
 * or the end at start) into the database through the live path's own {@code BatchProcessor}, so a
 * replay is the live writer itself, not a copy. It reads in a consumer group of its own
 * ({@code aggregator.replay.group-id}, default {@code heroes-replay}) with {@code assign()}, so there is
 * no group rebalancing and no effect on the live group, and writes without the live group's stored
 * offsets: every write is idempotent (events insert-or-nothing by event id, progress and roster
 * latest-wins), so what is already stored changes nothing and counts nowhere, and it runs safely
 * beside live traffic. Invalid records go to the dead-letter topics as on the live path, again if the
 * live consumer already sent them there (dead letters are at-least-once). A dry run writes each batch
 * in a transaction that is always rolled back and publishes nothing.
 *
 * <p>{@link org.heroes.analytics.store.replay.Replay} is the entry point, used by the operator CLI
 * ({@code heroes replay}, {@code scripts/replay.sh}; see {@code docs/adr/0010-cli-runs-the-aggregators-replay.md}).
 */
package org.heroes.analytics.store.replay;
