package org.heroes.analytics.query.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The half-open interval {@code from <= t < to} of the query API's {@code from} and {@code to} parameters: ISO-8601
 * instants such as {@code 2026-11-26T09:30:00Z}, fractions and offsets allowed. Half-open so that adjacent ranges
 * (a day, the next day) count every event exactly once.
 */
public record TimeRange(Instant from, Instant to) {

    public static final String FROM = "from";
    public static final String TO = "to";

    public TimeRange {
        if (!from.isBefore(to)) {
            throw new InvalidParameterException(TO, "must be after from (the range is from <= t < to)");
        }
    }

    /** @throws InvalidParameterException naming the first parameter that is missing or not an instant */
    public static TimeRange parse(String from, String to) {
        return new TimeRange(instant(FROM, from), instant(TO, to));
    }

    private static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameterException(
                    parameter, "is required (an ISO-8601 instant, e.g. 2026-11-26T09:30:00Z)");
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(
                    parameter, "is not an ISO-8601 instant (e.g. 2026-11-26T09:30:00Z): " + abbreviated(value));
        }
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
