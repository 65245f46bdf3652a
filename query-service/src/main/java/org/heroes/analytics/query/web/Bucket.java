package org.heroes.analytics.query.web;

import java.util.Locale;

/**
 * The width of a time-series bucket: a UTC hour, or a day of the classroom's time zone (from its local midnight to the
 * next: 23, 24 or 25 hours; ADR 0025).
 */
public enum Bucket {
    HOUR,
    DAY;

    public static final String PARAMETER = "bucket";

    /** The field name {@code date_trunc} takes: {@code hour} or {@code day}. */
    public String field() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code hour} when absent.
     *
     * @throws InvalidParameterException naming {@code bucket} for anything but {@code hour} or {@code day}
     */
    public static Bucket parse(String value) {
        if (value == null || value.isBlank()) {
            return HOUR;
        }
        String trimmed = value.strip();
        if (trimmed.equals("hour")) {
            return HOUR;
        }
        if (trimmed.equals("day")) {
            return DAY;
        }
        throw new InvalidParameterException(PARAMETER, "must be hour or day");
    }
}
