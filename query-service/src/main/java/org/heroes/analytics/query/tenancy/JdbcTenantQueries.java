package org.heroes.analytics.query.tenancy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.SingleColumnRowMapper;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * {@link TenantQueries} on the connection of the surrounding facilitator transaction.
 *
 * <p>The first statement of the transaction travels together with the {@code preamble} (the transaction-local
 * {@code set_config} calls of {@link TransactionalFacilitatorReads}) as one JDBC statement of two SQL statements:
 * pgjdbc sends {@code BEGIN}, the preamble and the statement in one round trip, and PostgreSQL runs them in that
 * order, so the facilitator is set before the first tenant query, without a round trip of its own (ADR 0017).
 */
final class JdbcTenantQueries implements TenantQueries {

    private final NamedParameterJdbcTemplate jdbc;
    private String preamble;
    private Map<String, Object> preambleParameters;

    /**
     * @param preamble SQL that answers exactly one result (e.g. one {@code SELECT}), run before the first statement
     * @param preambleParameters its named parameters; their names must not clash with a statement's
     */
    JdbcTenantQueries(NamedParameterJdbcTemplate jdbc, String preamble, Map<String, Object> preambleParameters) {
        this.jdbc = jdbc;
        this.preamble = preamble;
        this.preambleParameters = preambleParameters;
    }

    @Override
    public <T> List<T> list(String sql, Map<String, ?> parameters, RowMapper<T> rowMapper) {
        return query(sql, parameters, new RowMapperResultSetExtractor<>(rowMapper));
    }

    @Override
    public <T> T single(String sql, Map<String, ?> parameters, Class<T> type) {
        List<T> rows = list(sql, parameters, SingleColumnRowMapper.newInstance(type));
        if (rows.isEmpty()) {
            throw new EmptyResultDataAccessException(1);
        }
        if (rows.size() > 1) {
            throw new IncorrectResultSizeDataAccessException(1, rows.size());
        }
        return rows.get(0);
    }

    private <T> T query(String sql, Map<String, ?> parameters, ResultSetExtractor<T> extractor) {
        Map<String, Object> bound = bindable(parameters);
        if (preamble == null) {
            return jdbc.query(sql, bound, extractor);
        }
        String fused = preamble.strip() + ";\n" + sql;
        bound.putAll(preambleParameters);
        preamble = null;
        preambleParameters = null;
        return jdbc.execute(fused, bound, (PreparedStatement statement) -> {
            statement.execute(); // the preamble's result first
            if (!statement.getMoreResults()) {
                throw new InvalidDataAccessResourceUsageException("the statement after the preamble answered no rows: "
                        + sql.strip().lines().findFirst().orElse(""));
            }
            try (ResultSet rows = statement.getResultSet()) {
                return extractor.extractData(rows);
            }
        });
    }

    /** pgjdbc binds {@link OffsetDateTime} as {@code timestamptz}; it has no binding for {@link Instant}. */
    private static Map<String, Object> bindable(Map<String, ?> parameters) {
        Map<String, Object> bound = new HashMap<>();
        parameters.forEach((name, value) -> bound.put(
                name, value instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : value));
        return bound;
    }
}
