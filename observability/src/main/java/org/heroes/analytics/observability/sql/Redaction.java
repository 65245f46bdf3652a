package org.heroes.analytics.observability.sql;

import java.util.regex.Pattern;

/**
 * Removes personal data from text bound for a log line. Facilitators' e-mail addresses are bind parameters of the
 * aggregator's roster upserts (alone, or inside a whole batch's array), and a student is anonymous by design, so
 * the one kind of personal datum a statement carries is an e-mail address. Any token with an {@code @} in it is
 * taken for one: redacting a harmless token now and then is cheaper than ever printing an address.
 */
public final class Redaction {

    /** What a redacted token is replaced with. */
    public static final String REDACTED = "<redacted>";

    // a token: a run of characters that are not separators of arrays, lists, quotes or whitespace
    private static final Pattern TOKEN_WITH_AT = Pattern.compile("[^\\s,;{}()\\[\\]\"'<>=]*@[^\\s,;{}()\\[\\]\"'<>=]*");

    private Redaction() {}

    /** {@code text} with every token containing an {@code @} replaced by {@link #REDACTED}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        return TOKEN_WITH_AT.matcher(text).replaceAll(REDACTED);
    }

    /**
     * {@code text} redacted, then cut to {@code maxLength} characters. Redaction comes first: cutting first could
     * leave a part of an address that no longer looks like one.
     */
    public static String redactAndTruncate(String text, int maxLength) {
        String redacted = redact(text);
        if (redacted == null || redacted.length() <= maxLength) {
            return redacted;
        }
        return redacted.substring(0, maxLength) + "…(" + (redacted.length() - maxLength) + " more chars)";
    }
}
