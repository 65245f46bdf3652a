package org.heroes.analytics.eventsjson;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The rules for the {@code occurredAt} of one batch's items, fixed when the batch is mapped: first the correction
 * for the sender's clock ({@code sentAt}, zero when none applies), then the corrected instant must lie no later
 * than {@code now + maxFutureSkew} and, for events, not before the retention horizon {@code now - retentionAge}
 * (docs/adr/0024-late-events-unknown-fields-and-clock-skew.md). Stored at millisecond precision.
 */
final class EventTimes {

    private final Duration correction;
    private final Instant latest;
    private final String tooLate;
    private final Instant horizon;
    private final String tooOld;

    private EventTimes(Duration correction, Instant latest, String tooLate, Instant horizon, String tooOld) {
        this.correction = correction;
        this.latest = latest;
        this.tooLate = tooLate;
        this.horizon = horizon;
        this.tooOld = tooOld;
    }

    /**
     * @param now the server's clock
     * @param maxFutureSkew how far after {@code now} an instant may lie
     * @param retentionAge how far before {@code now} an instant may lie, or {@code null} for no bound (roster
     *     records carry an entity's state, not a moment)
     * @param correction added to every instant first: the server's clock minus the sender's
     */
    static EventTimes of(Instant now, Duration maxFutureSkew, Duration retentionAge, Duration correction) {
        Instant horizon = retentionAge == null ? null : now.minus(retentionAge);
        return new EventTimes(
                correction,
                now.plus(maxFutureSkew),
                "must not lie more than " + Durations.describe(maxFutureSkew) + " in the future",
                horizon,
                horizon == null
                        ? null
                        : "lies before the retention horizon, " + Durations.describe(retentionAge) + " back ("
                                + horizon.truncatedTo(ChronoUnit.SECONDS) + "): events that old are not kept");
    }

    /** The instant as it is stored, or {@code null} after {@link Fields#reject rejecting} it with the reason. */
    Instant check(Fields fields, String field, Instant sent) {
        Instant at;
        try {
            at = sent.plus(correction);
        } catch (DateTimeException e) {
            // past Instant's range (year ±1 000 000 000): far outside both bounds, on the correction's side
            return fields.reject(field, correction.isNegative() && tooOld != null ? tooOld : tooLate);
        }
        String corrected = correction.isZero() ? "" : "corrected by the batch's sentAt to " + at + ", ";
        if (at.isAfter(latest)) {
            return fields.reject(field, corrected + tooLate);
        }
        if (horizon != null && at.isBefore(horizon)) {
            return fields.reject(field, corrected + tooOld);
        }
        return at.truncatedTo(ChronoUnit.MILLIS);
    }
}
