package org.heroes.analytics.eventsjson;

import java.time.Duration;

/** Durations in the words of a rejection's reason. */
final class Durations {

    private static final long DAY = Duration.ofDays(1).toSeconds();
    private static final long HOUR = Duration.ofHours(1).toSeconds();

    private Durations() {}

    /** A configured duration, exactly: {@code 400 days}, {@code 5 minutes}, else in milliseconds. */
    static String describe(Duration duration) {
        if (duration.toHoursPart() == 0
                && duration.toMinutesPart() == 0
                && duration.toSecondsPart() == 0
                && duration.toMillisPart() == 0
                && !duration.isZero()) {
            long days = duration.toDays();
            return days == 1 ? "1 day" : days + " days";
        }
        if (duration.toSecondsPart() == 0 && duration.toMillisPart() == 0 && !duration.isZero()) {
            long minutes = duration.toMinutes();
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        return duration.toMillis() + " ms";
    }

    /** A measured duration's size, rounded down to its largest unit: {@code 500 days}, {@code 3 hours}. */
    static String roughly(Duration duration) {
        long seconds = duration.abs().toSeconds();
        if (seconds >= 2 * DAY) {
            return seconds / DAY + " days";
        }
        if (seconds >= 2 * HOUR) {
            return seconds / HOUR + " hours";
        }
        if (seconds >= 120) {
            return seconds / 60 + " minutes";
        }
        return seconds + " seconds";
    }
}
