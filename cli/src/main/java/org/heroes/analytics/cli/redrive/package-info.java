/**
 * Dead-letter redrive ({@code heroes redrive}, scripts/redrive.sh): reads the {@code <topic>-dlt} topics,
 * re-validates each dead letter's original bytes with the aggregator's own checks ({@code EventCodec},
 * {@code EventKind.misplacement}, {@code RecordRules} of module {@code schemas}) and sends the ones that now
 * pass back to the source topic their headers name, with their original key; the rest stay where they are
 * and are listed by reason.
 *
 * <p>No consumer group and no committed offsets: a dead letter that still fails must stay visible to the
 * next redrive, and Kafka cannot delete one record. So a redrive reads its range afresh every time, and a
 * dead letter redriven twice is sent twice; the aggregator counts it once (events by {@code eventId},
 * {@code ON CONFLICT DO NOTHING}; progress and roster latest-wins upserts that an equal record leaves as
 * they are).
 */
package org.heroes.analytics.cli.redrive;
