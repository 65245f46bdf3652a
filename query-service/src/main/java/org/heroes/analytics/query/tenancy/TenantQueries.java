package org.heroes.analytics.query.tenancy;

import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;

/**
 * The statements feature code may run inside {@link FacilitatorReads#read}: named parameters ({@code :name}), SQL
 * written by the caller as a named text-block constant. {@link java.time.Instant} parameters are bound as {@code
 * timestamptz}.
 */
public interface TenantQueries {

    /** Every row the query answers, mapped. */
    <T> List<T> list(String sql, Map<String, ?> parameters, RowMapper<T> rowMapper);

    /** The single value of a query that answers exactly one row of one column, e.g. {@code SELECT EXISTS (...)}. */
    <T> T single(String sql, Map<String, ?> parameters, Class<T> type);
}
