package org.heroes.analytics.query.tenancy;

import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.RowMapper;

/**
 * One statement of a facilitator read ({@link FacilitatorReads}): SQL with named parameters ({@code :name}), written
 * by the caller as a named text-block constant, and how each of its rows maps. {@link java.time.Instant} parameters
 * are bound as {@code timestamptz}. The SQL must answer rows (a {@code SELECT} or {@code WITH ... SELECT}) and must
 * not end with a semicolon: the statements of a read travel as one.
 *
 * @param <T> what a row maps to
 */
public record TenantQuery<T>(String sql, Map<String, ?> parameters, RowMapper<T> rowMapper) {

    public TenantQuery {
        Objects.requireNonNull(sql, "sql");
        Objects.requireNonNull(parameters, "parameters");
        Objects.requireNonNull(rowMapper, "rowMapper");
    }

    /** The first line of the SQL, for messages (never the parameters: they may carry what the caller asked). */
    String firstLine() {
        return sql.strip().lines().findFirst().orElse("");
    }
}
