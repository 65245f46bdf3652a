package org.heroes.analytics.query.tenancy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@link TenantQueries} on the connection of the surrounding facilitator transaction. */
final class JdbcTenantQueries implements TenantQueries {

    private final JdbcClient jdbc;

    JdbcTenantQueries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public <T> List<T> list(String sql, Map<String, ?> parameters, RowMapper<T> rowMapper) {
        return jdbc.sql(sql).params(bindable(parameters)).query(rowMapper).list();
    }

    @Override
    public <T> T single(String sql, Map<String, ?> parameters, Class<T> type) {
        return jdbc.sql(sql).params(bindable(parameters)).query(type).single();
    }

    /** pgjdbc binds {@link OffsetDateTime} as {@code timestamptz}; it has no binding for {@link Instant}. */
    private static Map<String, Object> bindable(Map<String, ?> parameters) {
        Map<String, Object> bound = new HashMap<>();
        parameters.forEach((name, value) -> bound.put(
                name, value instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : value));
        return bound;
    }
}
