package org.heroes.analytics.query.tenancy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@link FacilitatorReads} over the reader's pool (PgBouncer, transaction pooling), one round trip per read (ADR
 * 0019). The settings and the read's statements are one JDBC statement of several SQL statements on an autocommit
 * connection: pgjdbc sends each as Parse/Bind/Execute and a single Sync after the last, and PostgreSQL runs everything
 * before a Sync as one implicit transaction, in order, committing at the Sync. So the facilitator is set before the
 * first tenant statement, every statement of the read sees it, and it ends with the read: PgBouncer hands the server
 * connection to the next client with nothing of this one left on it. No {@code BEGIN}, no {@code COMMIT}, never a
 * session-level {@code SET}.
 */
@Component
class TransactionalFacilitatorReads implements FacilitatorReads {

    /**
     * The facilitator, the statement timeout and read-only mode, all transaction-local (third argument {@code true}).
     * The parameter names are this class's own so that they cannot clash with a statement's.
     */
    static final String ACT_FOR_FACILITATOR = """
            SELECT set_config('app.facilitator_id', :actForFacilitatorId, true),
                   set_config('statement_timeout', :actForStatementTimeout, true),
                   set_config('transaction_read_only', 'on', true)
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final String statementTimeout;

    TransactionalFacilitatorReads(DataSource dataSource, ReadProperties properties) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.statementTimeout = properties.statementTimeout().toMillis() + "ms";
    }

    @Override
    public <T> List<T> read(TenantQuery<T> query) {
        return inOneRoundTrip(List.of(query), statement -> rowsOfNext(statement, query));
    }

    @Override
    public <A, B> TwoAnswers<A, B> read(TenantQuery<A> first, TenantQuery<B> second) {
        return inOneRoundTrip(
                List.of(first, second),
                statement -> new TwoAnswers<>(rowsOfNext(statement, first), rowsOfNext(statement, second)));
    }

    private <R> R inOneRoundTrip(List<TenantQuery<?>> queries, PreparedStatementCallback<R> answers) {
        UUID facilitatorId = VerifiedFacilitator.current();
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("actForFacilitatorId", facilitatorId.toString());
        parameters.put("actForStatementTimeout", statementTimeout);
        StringBuilder sql = new StringBuilder(ACT_FOR_FACILITATOR.strip());
        for (TenantQuery<?> query : queries) {
            sql.append(";\n").append(query.sql().strip());
            query.parameters().forEach((name, value) -> bind(parameters, name, value));
        }
        return jdbc.execute(sql.toString(), parameters, (PreparedStatement statement) -> {
            statement.execute(); // the settings' one row
            return answers.doInPreparedStatement(statement);
        });
    }

    /** pgjdbc binds {@link OffsetDateTime} as {@code timestamptz}; it has no binding for {@link Instant}. */
    private static void bind(Map<String, Object> parameters, String name, Object value) {
        Object bindable = value instanceof Instant instant ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : value;
        if (parameters.containsKey(name) && !Objects.equals(parameters.get(name), bindable)) {
            throw new IllegalArgumentException("parameter :" + name + " has two values in one read");
        }
        parameters.put(name, bindable);
    }

    private static <T> List<T> rowsOfNext(PreparedStatement statement, TenantQuery<T> query) throws SQLException {
        if (!statement.getMoreResults()) {
            throw new InvalidDataAccessResourceUsageException(
                    "a statement of a read answered no rows: " + query.firstLine());
        }
        try (ResultSet rows = statement.getResultSet()) {
            return new RowMapperResultSetExtractor<>(query.rowMapper()).extractData(rows);
        }
    }
}
