package org.heroes.analytics.eventsjson;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;

/**
 * {@link Instant#parse}, with a fast path for the form nearly every client sends: {@code
 * 2026-11-26T09:30:00Z}, optionally with 1 to 9 fraction digits. Any other text (offsets, lower-case
 * letters, leap seconds, errors) goes to {@code Instant.parse}, so the answers and the exceptions are
 * exactly its own; the general parser costs several times the fast path, and every event has an instant.
 */
final class IsoInstants {

    private static final int SHORTEST = "2026-11-26T09:30:00Z".length();
    private static final int LONGEST = "2026-11-26T09:30:00.123456789Z".length();
    private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    private IsoInstants() {}

    /** @throws java.time.format.DateTimeParseException as {@code Instant.parse} does */
    static Instant parse(String text) {
        Instant instant = parseUtc(text);
        return instant != null ? instant : Instant.parse(text);
    }

    private static Instant parseUtc(String t) {
        int length = t.length();
        if (length < SHORTEST
                || length > LONGEST
                || length == SHORTEST + 1
                || t.charAt(4) != '-'
                || t.charAt(7) != '-'
                || t.charAt(10) != 'T'
                || t.charAt(13) != ':'
                || t.charAt(16) != ':'
                || t.charAt(length - 1) != 'Z'
                || (length > SHORTEST && t.charAt(19) != '.')) {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int fraction = length > SHORTEST ? digits(t, 20, length - 1) : 0;
        if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) {
            return null;
        }
        if (minute < 0 || minute > 59 || second < 0 || second > 59 || fraction < 0) {
            return null;
        }
        if (day > Month.of(month).length(Year.isLeap(year))) {
            return null;
        }
        int nanos = length > SHORTEST ? fraction * POWERS_OF_TEN[9 - (length - 1 - 20)] : 0;
        long epochSecond =
                LocalDate.of(year, month, day).toEpochDay() * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** The decimal value of {@code t[from, to)}, or -1 unless all are ASCII digits. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
