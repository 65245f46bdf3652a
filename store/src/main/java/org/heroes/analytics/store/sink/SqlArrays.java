package org.heroes.analytics.store.sink;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * One column of a batch as a JDBC array parameter for {@code unnest(?::type[], ...)}. Values are
 * bound in their PostgreSQL text form (UUIDs canonical, instants ISO-8601 with {@code Z}), which
 * needs no session time zone; {@code null} elements stay SQL {@code NULL}.
 */
final class SqlArrays {

    private SqlArrays() {}

    static <T> SqlArrayValue uuid(List<T> rows, Function<T, String> column) {
        return new SqlArrayValue("uuid", text(rows, r -> canonicalUuid(column.apply(r))));
    }

    static <T> SqlArrayValue text(String type, List<T> rows, Function<T, String> column) {
        return new SqlArrayValue(type, text(rows, column));
    }

    static <T> SqlArrayValue timestamptz(List<T> rows, Function<T, Instant> column) {
        return new SqlArrayValue("timestamptz", text(rows, r -> column.apply(r).toString()));
    }

    static <T> SqlArrayValue int4(List<T> rows, Function<T, Integer> column) {
        return new SqlArrayValue("int4", rows.stream().map(column).toArray(Integer[]::new));
    }

    static <T> SqlArrayValue int8(List<T> rows, Function<T, Long> column) {
        return new SqlArrayValue("int8", rows.stream().map(column).toArray(Long[]::new));
    }

    static <T> SqlArrayValue float8(List<T> rows, Function<T, Double> column) {
        return new SqlArrayValue("float8", rows.stream().map(column).toArray(Double[]::new));
    }

    static <T> SqlArrayValue bool(List<T> rows, Function<T, Boolean> column) {
        return new SqlArrayValue("bool", rows.stream().map(column).toArray(Boolean[]::new));
    }

    /** The UUID in lower-case canonical form, or {@code null}; its string order is PostgreSQL's uuid order. */
    static String canonicalUuid(String uuid) {
        return uuid == null ? null : UUID.fromString(uuid).toString();
    }

    private static <T> String[] text(List<T> rows, Function<T, String> column) {
        return rows.stream().map(column).toArray(String[]::new);
    }
}
