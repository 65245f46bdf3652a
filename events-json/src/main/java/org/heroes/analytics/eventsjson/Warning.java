package org.heroes.analytics.eventsjson;

import java.util.ArrayList;
import java.util.List;

/**
 * The fields an accepted event carried that its kind does not have: dropped before its record was built, so
 * nothing of them is stored anywhere (an unknown field may hold a child's personal data), and named back to the
 * sender. Field names are the client's input too: each is cut to {@value #MAX_NAME_LENGTH} characters with
 * control characters replaced ({@link #displayName}), and at most {@value #MAX_NAMED} are named.
 *
 * @param index the item's position in the request's array, from 0
 * @param eventId the item's {@code eventId} as stored
 * @param kind the item's {@code kind}
 * @param fields the first {@value #MAX_NAMED} unknown fields' {@link #displayName}s, in the item's order
 * @param count how many unknown fields the item had, named or not
 */
public record Warning(int index, String eventId, String kind, List<String> fields, int count) {

    /** The most unknown fields named per item. */
    public static final int MAX_NAMED = 20;

    /** The longest name echoed; longer ones are cut, ending in {@code ...}. */
    public static final int MAX_NAME_LENGTH = 64;

    public Warning {
        fields = List.copyOf(fields);
    }

    /** One {@code "field: reason"} per named field, then one for the unnamed rest, if any. */
    public List<String> reasons() {
        List<String> reasons = new ArrayList<>(fields.size() + 1);
        fields.forEach(field -> reasons.add(field + ": is not a field of " + kind + "; dropped"));
        if (count > fields.size()) {
            reasons.add("(more): " + (count - fields.size()) + " more unknown fields; dropped");
        }
        return reasons;
    }

    /**
     * A field name fit to echo: control characters as {@code ?}, no {@code ": "} (the separator of a reason), at
     * most {@value #MAX_NAME_LENGTH} characters.
     */
    public static String displayName(String name) {
        StringBuilder safe = new StringBuilder(Math.min(name.length(), MAX_NAME_LENGTH + 2));
        for (int i = 0; i < name.length() && safe.length() <= MAX_NAME_LENGTH + 1; i++) {
            char c = name.charAt(i);
            if (c == ' ' && i > 0 && name.charAt(i - 1) == ':') {
                continue;
            }
            safe.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
        }
        return safe.length() <= MAX_NAME_LENGTH ? safe.toString() : safe.substring(0, MAX_NAME_LENGTH - 3) + "...";
    }
}
