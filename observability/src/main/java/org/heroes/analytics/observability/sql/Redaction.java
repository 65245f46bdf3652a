package org.heroes.analytics.observability.sql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Date;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place that decides what of a statement may reach a log line.
 *
 * <p><b>Bind parameters: values only where the type cannot carry free text.</b> A child's feedback comment and an
 * analytics event's {@code properties} are bind parameters of the aggregator's writes, a whole batch of them in
 * one array, and no rule can tell a comment from an ordinary string. So a parameter shows its value only when its
 * Java type can hold no words: numbers, booleans, date-times and {@link UUID}s (random ids: a student is
 * anonymous, and an id is what an operator needs to find the classroom or record a failed statement was about).
 * Everything else shows its shape, never its content: {@code text[200]} (a string of 200 characters),
 * {@code bytea[16]}, {@code uuid[]×5000} (an array: its element type and length, whatever the elements),
 * {@code NULL}, or the class name of anything else. A UUID bound as a string is text like any other.
 *
 * <p><b>An error's message: no value it quotes.</b> PostgreSQL's primary message quotes a value only when it
 * could not convert it (SQLState class 22, data exception: {@code invalid input syntax for type integer: "..."});
 * the services set {@code logServerErrorDetail=false}, so no {@code Detail} (a refused row's columns) or {@code
 * Where} ever reaches a message. In a class-22 message everything between the first and the last double quote
 * becomes its shape. Other messages quote only names (relations, constraints, columns).
 *
 * <p><b>The SQL and any message: no e-mail address.</b> Facilitators' addresses are the personal datum such a text
 * could still hold: any token with an {@code @} becomes {@link #REDACTED}; redacting a harmless token now and then
 * is cheaper than ever printing an address.
 */
public final class Redaction {

    /** What a redacted token is replaced with. */
    public static final String REDACTED = "<redacted>";

    /** SQLState class 22, data exception: the errors whose message may quote the value that failed. */
    private static final String DATA_EXCEPTION = "22";

    /** From the first double quote to the last: a quoted value may itself contain quotes. */
    private static final Pattern QUOTED = Pattern.compile("\"(.*)\"", Pattern.DOTALL);

    // a token: a run of characters that are not separators of arrays, lists, quotes or whitespace
    private static final Pattern TOKEN_WITH_AT = Pattern.compile("[^\\s,;{}()\\[\\]\"'<>=]*@[^\\s,;{}()\\[\\]\"'<>=]*");

    /** Types whose value is a number, a truth value or an id, and never words. */
    private static final Set<Class<?>> WORDLESS = Set.of(
            Boolean.class,
            Byte.class,
            Short.class,
            Integer.class,
            Long.class,
            Float.class,
            Double.class,
            BigInteger.class,
            BigDecimal.class,
            UUID.class);

    private Redaction() {}

    /**
     * How a bind parameter appears in a log line: its value if its type cannot carry free text, otherwise its
     * shape (see the class comment). {@code value} is what the statement was given, or the {@link ArrayShape} of
     * a JDBC array as its connection created it.
     */
    public static String parameter(Object value) {
        if (value == null) {
            return "NULL";
        }
        if (WORDLESS.contains(value.getClass()) || value instanceof TemporalAccessor || value instanceof Date) {
            return value.toString();
        }
        if (value instanceof CharSequence text) {
            return "text[" + text.length() + "]";
        }
        if (value instanceof char[] text) {
            return "text[" + text.length + "]";
        }
        if (value instanceof byte[] bytes) {
            return "bytea[" + bytes.length + "]";
        }
        if (value instanceof ArrayShape array) {
            return array.toString();
        }
        if (value instanceof java.sql.Array) {
            return "array";
        }
        if (value instanceof Object[] array) {
            return "[]×" + array.length;
        }
        return value.getClass().getSimpleName();
    }

    /**
     * An error's message fit for a log line: a quoted value of a data exception replaced by its shape, e-mail
     * addresses redacted, cut to {@code maxLength} characters.
     *
     * @param sqlState the error's SQLState, or null if it has none
     */
    public static String message(String sqlState, String message, int maxLength) {
        String text = message;
        if (text != null && sqlState != null && sqlState.startsWith(DATA_EXCEPTION)) {
            text = QUOTED.matcher(text)
                    .replaceAll(quoted -> Matcher.quoteReplacement("\"" + parameter(quoted.group(1)) + "\""));
        }
        return redactAndTruncate(text, maxLength);
    }

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
