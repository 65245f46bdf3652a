/**
 * {@code heroes backfill FILE} ({@code scripts/backfill.sh}): loads history from a file of NDJSON events,
 * optionally gzip, onto the topics. Each line is validated by the mapper of the live API, except that an unknown
 * field rejects the line ({@code RecordMapper.history} of {@code events-json}, the same code ingest-service runs), encoded
 * and keyed as ingest does, and sent with {@code acks=all}; a bad line goes to the reject file with its
 * line number and reasons.
 *
 * <p>Resuming: a checkpoint (line number and reject file length) is written only after Kafka acknowledged
 * every line up to it and the reject file is on disk, so {@code --resume} skips exactly the lines that are
 * safe and truncates the reject file to match: no gaps, no duplicate rejects. Lines sent after the last
 * checkpoint are sent again; the aggregator stores each {@code eventId} once, so they count once.
 */
package org.heroes.analytics.cli.backfill;
