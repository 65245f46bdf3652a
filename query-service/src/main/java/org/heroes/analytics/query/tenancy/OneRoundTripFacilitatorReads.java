package org.heroes.analytics.query.tenancy;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.jdbc.core.PreparedStatementCallback;
import org.springframework.jdbc.core.RowMapperResultSetExtractor;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@link FacilitatorReads} over the reader's pool (PgBouncer, transaction pooling), one round trip per read (ADR
 * 0019, ADR 0028). A read is one JDBC statement of several SQL statements on an autocommit connection: {@code BEGIN
 * READ ONLY}, the settings ({@code act_for_facilitator(id)}, migration V14: {@code SET LOCAL} of the facilitator and
 * of their classrooms; the statement timeout), the read's statements, {@code COMMIT}. pgjdbc sends each as
 * Parse/Bind/Describe/Execute and a single Sync after the last, so the whole read is one round trip; the settings end
 * with the transaction, and PgBouncer hands the server connection to the next client with nothing of this one left
 * on it. Never a session-level {@code SET}.
 *
 * <p>The explicit transaction block is what Citus needs: it forwards {@code SET LOCAL} to the workers only inside
 * one, and the row-level security policies run on the workers (ADR 0028). On one PostgreSQL node it changes nothing
 * but two messages in the same round trip. A read that fails leaves the server connection in an aborted transaction
 * block (PostgreSQL skips the rest, {@code COMMIT} included, up to the Sync), so the failure path sends a {@code
 * ROLLBACK} before the error is passed on.
 *
 * <p>That single Sync is pgjdbc's behaviour in its default extended query mode; {@code preferQueryMode=simple} would
 * behave differently. Before the service takes requests, a probe read checks that the statements of a read share the
 * settings, and the service refuses to start if they do not (failing closed would otherwise only show as empty
 * answers).
 */
@Component
class OneRoundTripFacilitatorReads implements FacilitatorReads, SmartInitializingSingleton {

    /** The probe: what the second statement of a read sees of the first's settings. */
    static final String ACTING_FOR = "SELECT current_setting('app.facilitator_id', true)";

    /** Opens the read's transaction block: Citus forwards {@code SET LOCAL} to its workers only inside one. */
    static final String BEGIN_READ = "BEGIN READ ONLY";

    /**
     * The facilitator and their classrooms ({@code act_for_facilitator}, migration V14) and the statement timeout, all
     * transaction-local. The parameter names are this class's own so that they cannot clash with a statement's.
     */
    static final String ACT_FOR_FACILITATOR = """
            SELECT act_for_facilitator(CAST(:actForFacilitatorId AS uuid)),
                   set_config('statement_timeout', :actForStatementTimeout, true)
            """;

    /** Ends the read's transaction block. */
    static final String END_READ = "COMMIT";

    /** After a failed read: the transaction block PostgreSQL left open (aborted) on the server connection. */
    static final String ABANDON_READ = "ROLLBACK";

    private final NamedParameterJdbcTemplate jdbc;
    private final String statementTimeout;

    OneRoundTripFacilitatorReads(DataSource dataSource, ReadProperties properties) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.statementTimeout = properties.statementTimeout().toMillis() + "ms";
    }

    @Override
    public <T> List<T> read(TenantQuery<T> query) {
        return inOneRoundTrip(VerifiedFacilitator.current(), List.of(query), statement -> rowsOfNext(statement, query));
    }

    @Override
    public <A, B> TwoAnswers<A, B> read(TenantQuery<A> first, TenantQuery<B> second) {
        return readAs(VerifiedFacilitator.current(), first, second);
    }

    @Override
    public void afterSingletonsInstantiated() {
        verifyOneTransaction();
    }

    /**
     * Reads, as a facilitator id nobody has, what two statements of one read see of the settings.
     *
     * @throws IllegalStateException if they do not both see them: the statements of a read would not share one
     *     transaction on this connection
     */
    void verifyOneTransaction() {
        UUID probe = UUID.randomUUID();
        TenantQuery<String> actingFor = new TenantQuery<>(ACTING_FOR, Map.of(), (rs, row) -> rs.getString(1));
        TwoAnswers<String, String> seen = readAs(probe, actingFor, actingFor);
        if (!seen.equals(new TwoAnswers<>(List.of(probe.toString()), List.of(probe.toString())))) {
            throw new IllegalStateException("query-service refuses to start: the statements of a read do not share"
                    + " one transaction on this connection, so row-level security would not see the facilitator"
                    + " (saw " + seen + "); is preferQueryMode=simple on the JDBC URL? (ADR 0019)");
        }
    }

    private <A, B> TwoAnswers<A, B> readAs(UUID facilitatorId, TenantQuery<A> first, TenantQuery<B> second) {
        return inOneRoundTrip(
                facilitatorId,
                List.of(first, second),
                statement -> new TwoAnswers<>(rowsOfNext(statement, first), rowsOfNext(statement, second)));
    }

    private <R> R inOneRoundTrip(
            UUID facilitatorId, List<TenantQuery<?>> queries, PreparedStatementCallback<R> answers) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("actForFacilitatorId", facilitatorId.toString());
        parameters.put("actForStatementTimeout", statementTimeout);
        StringBuilder sql = new StringBuilder(BEGIN_READ).append("\n;\n").append(ACT_FOR_FACILITATOR.strip());
        for (TenantQuery<?> query : queries) {
            // on a line of its own: a statement ending in a -- comment cannot swallow the separator
            sql.append("\n;\n").append(query.sql().strip());
            query.parameters().forEach((name, value) -> bind(parameters, name, value));
        }
        sql.append("\n;\n").append(END_READ);
        return jdbc.execute(sql.toString(), parameters, (PreparedStatement statement) -> {
            try {
                return answer(statement, queries, answers);
            } catch (SQLException | RuntimeException e) {
                abandon(statement, e);
                throw e;
            }
        });
    }

    private static <R> R answer(
            PreparedStatement statement, List<TenantQuery<?>> queries, PreparedStatementCallback<R> answers)
            throws SQLException {
        statement.execute(); // BEGIN's count
        if (!statement.getMoreResults()) { // the settings' one row
            throw new InvalidDataAccessResourceUsageException("a read's settings returned no row");
        }
        R answer = answers.doInPreparedStatement(statement);
        boolean committed = !statement.getMoreResults() && statement.getUpdateCount() != -1; // COMMIT's count
        if (!committed || statement.getMoreResults() || statement.getUpdateCount() != -1) {
            // a statement with a ';' of its own: its results would be mapped as the next statement's
            throw new InvalidDataAccessResourceUsageException("a read answered more results than it has statements: "
                    + queries.get(queries.size() - 1).firstLine());
        }
        return answer;
    }

    /** Ends the aborted (or, after a mapping error, still open) transaction block the failed read left behind. */
    private static void abandon(PreparedStatement statement, Exception failure) {
        try (Statement rollback = statement.getConnection().createStatement()) {
            rollback.execute(ABANDON_READ);
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
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
                    "a statement of a read returned no result set: " + query.firstLine());
        }
        try (ResultSet rows = statement.getResultSet()) {
            return new RowMapperResultSetExtractor<>(query.rowMapper()).extractData(rows);
        }
    }
}
