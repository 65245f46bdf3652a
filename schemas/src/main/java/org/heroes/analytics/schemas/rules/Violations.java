package org.heroes.analytics.schemas.rules;

import static org.heroes.analytics.schemas.rules.RecordRules.EARLIEST_OCCURRED_AT;
import static org.heroes.analytics.schemas.rules.RecordRules.EMAIL;
import static org.heroes.analytics.schemas.rules.RecordRules.LATEST_OCCURRED_AT;
import static org.heroes.analytics.schemas.rules.RecordRules.MAX_EMAIL;
import static org.heroes.analytics.schemas.rules.RecordRules.MAX_PROPERTIES;
import static org.heroes.analytics.schemas.rules.RecordRules.MAX_PROPERTY_KEY;
import static org.heroes.analytics.schemas.rules.RecordRules.MAX_PROPERTY_VALUE;
import static org.heroes.analytics.schemas.rules.RecordRules.NAME;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Collects the {@code "field: reason"} of every rule a record's fields break, one check per field.
 * Each check of a text returns whether the text passed, so a later check of the same field can
 * stay silent once one reason is given.
 */
final class Violations {

    private static final String NUL = "must not contain the NUL character, which PostgreSQL text cannot hold";

    private final List<String> reasons = new ArrayList<>();

    List<String> reasons() {
        return List.copyOf(reasons);
    }

    boolean required(String field, Object value) {
        return value != null || add(field, "is required");
    }

    void uuid(String field, String value) {
        if (required(field, value)) {
            optionalUuid(field, value);
        }
    }

    void optionalUuid(String field, String value) {
        if (value != null && !RecordRules.isUuid(value)) {
            add(field, "must be a UUID");
        }
    }

    void name(String field, String value) {
        if (required(field, value) && !RecordRules.isName(value)) {
            add(field, "must match " + NAME.pattern());
        }
    }

    void occurredAt(String field, Instant value) {
        if (required(field, value) && (value.isBefore(EARLIEST_OCCURRED_AT) || value.isAfter(LATEST_OCCURRED_AT))) {
            add(field, "must lie between " + EARLIEST_OCCURRED_AT + " and " + LATEST_OCCURRED_AT);
        }
    }

    void range(String field, Integer value, int min, int max) {
        if (value != null && (value < min || value > max)) {
            add(field, "must be an integer from " + min + " to " + max);
        }
    }

    void atLeast(String field, Long value, long min) {
        if (value != null && value < min) {
            add(field, "must be an integer of at least " + min);
        }
    }

    void finite(String field, Double value) {
        if (value != null && !Double.isFinite(value)) {
            add(field, "must be a finite number");
        }
    }

    /** Required text: not blank, at most {@code max} characters, no NUL. */
    boolean text(String field, String value, int max) {
        return required(field, value) && optionalText(field, value, max);
    }

    /** Optional text: absent, or not blank, at most {@code max} characters, no NUL. */
    boolean optionalText(String field, String value, int max) {
        if (value == null) {
            return true;
        }
        if (value.isBlank()) {
            return add(field, "must not be blank");
        }
        if (length(value) > max) {
            return add(field, "must have at most " + max + " characters");
        }
        return storable(field, value);
    }

    void timeZone(String field, String value) {
        if (required(field, value) && !RecordRules.isTimeZone(value)) {
            add(field, RecordRules.TIME_ZONE_REASON);
        }
    }

    void email(String field, String value) {
        if (text(field, value, MAX_EMAIL) && !EMAIL.matcher(value).matches()) {
            add(field, "must be an email address");
        }
    }

    /** At most 20 entries; keys of 1 to 64 characters, values of at most 256; no NUL anywhere. */
    void properties(String field, Map<String, String> properties) {
        if (properties == null) {
            return;
        }
        if (properties.size() > MAX_PROPERTIES) {
            add(field, "must have at most " + MAX_PROPERTIES + " entries");
        }
        properties.forEach((key, value) -> entry(field, key, value));
    }

    private void entry(String field, String key, String value) {
        if (key.isEmpty() || length(key) > MAX_PROPERTY_KEY) {
            add(field, "keys must have 1 to " + MAX_PROPERTY_KEY + " characters");
            return;
        }
        if (key.indexOf('\0') >= 0) {
            add(field, "keys " + NUL);
            return;
        }
        String entry = field + "." + key;
        if (!required(entry, value)) {
            return;
        }
        if (length(value) > MAX_PROPERTY_VALUE) {
            add(entry, "must have at most " + MAX_PROPERTY_VALUE + " characters");
        } else {
            storable(entry, value);
        }
    }

    /** Text PostgreSQL can store: no NUL character. */
    private boolean storable(String field, String value) {
        return value.indexOf('\0') < 0 || add(field, NUL);
    }

    /** Characters as PostgreSQL's {@code char_length} counts them: code points, not UTF-16 units. */
    private static int length(String value) {
        return value.codePointCount(0, value.length());
    }

    /** Adds the reason; returns {@code false} so a check can {@code return add(...)}. */
    private boolean add(String field, String reason) {
        reasons.add(field + ": " + reason);
        return false;
    }
}
