package org.heroes.analytics.query.web;

import java.time.Duration;
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

    /** Instants outside these years are refused: nobody asks for them, and PostgreSQL could not store all of them. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    public TimeRange {
        if (!from.isBefore(to)) {
            throw new InvalidParameterException(TO, "must be after from (the range is from <= t < to)");
        }
    }

    /** @throws InvalidParameterException naming the first parameter that is missing or not an instant */
    public static TimeRange parse(String from, String to) {
        return new TimeRange(instant(FROM, from), instant(TO, to));
    }

    /**
     * @throws InvalidParameterException naming the first parameter that is missing or not an instant, or {@code to}
     *     when the range is longer than {@code maxRange}
     */
    public static TimeRange parse(String from, String to, Duration maxRange) {
        TimeRange range = parse(from, to);
        if (Duration.between(range.from(), range.to()).compareTo(maxRange) > 0) {
            throw new InvalidParameterException(
                    TO,
                    "the range from..to may be at most " + maxRange.toDays() + " days (heroes.query.api.max-range)");
        }
        return range;
    }

    private static Instant instant(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameterException(
                    parameter, "is required (an ISO-8601 instant, e.g. 2026-11-26T09:30:00Z)");
        }
        Instant instant;
        try {
            instant = Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(
                    parameter, "is not an ISO-8601 instant (e.g. 2026-11-26T09:30:00Z): " + abbreviated(value));
        }
        if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
            throw new InvalidParameterException(parameter, "must lie between the years 1900 and 9999");
        }
        return instant;
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
