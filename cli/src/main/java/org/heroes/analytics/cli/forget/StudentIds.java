package org.heroes.analytics.cli.forget;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Strict parsing of a student id: the canonical 8-4-4-4-12 hex form only ({@link UUID#fromString} also takes
 * {@code 1-1-1-1-1}). What is refused is never echoed: an operator who pasted something else by mistake may have
 * pasted a name, and this tool prints nothing but anonymous ids.
 */
final class StudentIds {

    private static final Pattern CANONICAL =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private StudentIds() {}

    /**
     * @param where how to name the value in the error, e.g. {@code "argument 2"} or {@code "line 7 of FILE"}
     * @throws IllegalArgumentException if {@code value} is not a UUID in canonical form
     */
    static UUID parse(String value, String where) {
        if (value == null || !CANONICAL.matcher(value.strip()).matches()) {
            throw new IllegalArgumentException(where
                    + " is not a student id (a UUID like 1f0c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5); nothing was done");
        }
        return UUID.fromString(value.strip());
    }
}
