package org.heroes.analytics.eventsjson;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import tools.jackson.databind.JsonNode;

/**
 * What a batch's {@code sentAt} says of its sender's clock: the correction to add to each {@code occurredAt} (the
 * server's clock at receipt minus the sender's at sending; zero without {@code sentAt} or within
 * {@link RecordMapper#CLOCK_TOLERANCE}), or why the batch cannot be corrected.
 *
 * <p>The correction assumes the sender's clock was as far off when its events happened as when it sent them:
 * true of a clock set wrong, or drifting slowly; not of one set right in between (docs/adr/0024).
 *
 * @param correction what to add to each {@code occurredAt}
 * @param error the reason every item of the batch is rejected for ({@code sentAt}'s), or {@code null}
 */
record SenderClock(Duration correction, String error) {

    private static final SenderClock RIGHT = new SenderClock(Duration.ZERO, null);

    /**
     * @param sentAt the batch's {@code sentAt}, absent ({@code null}, JSON {@code null}): no correction
     * @param receivedAt the server's clock when the batch arrived
     * @param maxCorrection the largest correction made (the retention age); {@code null}: no correction at all
     */
    static SenderClock of(JsonNode sentAt, Instant receivedAt, Duration maxCorrection) {
        if (sentAt == null || sentAt.isNull() || sentAt.isMissingNode() || maxCorrection == null) {
            return RIGHT;
        }
        Instant sent;
        try {
            sent = sentAt.isString() ? IsoInstants.parse(sentAt.asString()) : null;
        } catch (DateTimeParseException e) {
            sent = null;
        }
        if (sent == null) {
            return new SenderClock(
                    Duration.ZERO,
                    "must be an ISO-8601 instant such as 2026-11-26T09:30:00Z: the sender's clock when it sent the"
                            + " batch");
        }
        Duration offset = Duration.between(sent, receivedAt);
        if (offset.abs().compareTo(RecordMapper.CLOCK_TOLERANCE) <= 0) {
            return RIGHT;
        }
        if (offset.abs().compareTo(maxCorrection) > 0) {
            return new SenderClock(
                    Duration.ZERO,
                    "the sender's clock is " + Durations.roughly(offset)
                            + (offset.isNegative() ? " ahead of" : " behind")
                            + " the server's (sent at " + sent + ", received at " + receivedAt + "): a clock further"
                            + " off than the retention age of " + Durations.describe(maxCorrection) + " cannot be"
                            + " corrected; set the device's clock and send again");
        }
        return new SenderClock(offset, null);
    }
}
