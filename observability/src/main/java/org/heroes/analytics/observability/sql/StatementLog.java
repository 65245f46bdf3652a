package org.heroes.analytics.observability.sql;

import java.sql.Array;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the statements run through a wrapped {@code DataSource}: a failed one at WARN with its SQL, its bind
 * parameters, its duration and the error's class, SQLState and (redacted) message; one slower than the threshold
 * at WARN as slow; every one at DEBUG on the {@value #EVERY_STATEMENT_LOGGER} logger. A parameter shows its value
 * only if its type cannot carry words, otherwise its shape ({@code text[200]}, {@code uuid[]×5000}): {@link
 * Redaction} decides. The failure is still thrown to the caller, whose boundary (error handler, controller advice)
 * decides what it means: this line is the one that shows which statement and what kind of values.
 */
public final class StatementLog implements QueryExecutionListener {

    /** The logger of every statement (DEBUG); the {@code local} profile turns it on. */
    public static final String EVERY_STATEMENT_LOGGER = "org.heroes.analytics.observability.sql.statements";

    private static final int MAX_MESSAGE_LENGTH = 500;

    private static final Logger LOG = LoggerFactory.getLogger(StatementLog.class);
    private static final Logger EVERY = LoggerFactory.getLogger(EVERY_STATEMENT_LOGGER);

    private final StatementLogProperties properties;
    private final ArrayShapes arrays = new ArrayShapes();

    public StatementLog(StatementLogProperties properties) {
        this.properties = properties;
    }

    /** {@code dataSource} wrapped so that every statement run through it passes this log. */
    public DataSource wrap(String name, DataSource dataSource) {
        if (dataSource instanceof ProxyDataSource) {
            return dataSource;
        }
        return ProxyDataSourceBuilder.create(name, dataSource)
                .listener(this)
                .methodListener(arrays)
                .build();
    }

    @Override
    public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {}

    @Override
    public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
        long millis = execution.getElapsedTime();
        if (!execution.isSuccess()) {
            Throwable failure = execution.getThrowable();
            LOG.warn(
                    "statement failed after {} ms on {}: {} [{}]; sql: {}; parameters: {}",
                    millis,
                    execution.getDataSourceName(),
                    failure == null ? "unknown error" : failure.getClass().getName(),
                    describe(failure),
                    sql(queries),
                    parameters(queries));
        } else if (millis > properties.slowThreshold().toMillis()) {
            LOG.warn(
                    "slow statement: {} ms (threshold {} ms) on {}; sql: {}; parameters: {}",
                    millis,
                    properties.slowThreshold().toMillis(),
                    execution.getDataSourceName(),
                    sql(queries),
                    parameters(queries));
        } else if (EVERY.isDebugEnabled()) {
            EVERY.debug(
                    "{} ms on {}; sql: {}; parameters: {}",
                    millis,
                    execution.getDataSourceName(),
                    sql(queries),
                    parameters(queries));
        }
    }

    /** The SQLState and message, as {@link Redaction#message} lets them be seen. */
    private static String describe(Throwable failure) {
        if (failure == null) {
            return "";
        }
        if (failure instanceof SQLException sql) {
            return "SQLState " + sql.getSQLState() + ": "
                    + Redaction.message(sql.getSQLState(), sql.getMessage(), MAX_MESSAGE_LENGTH);
        }
        return Redaction.message(null, failure.getMessage(), MAX_MESSAGE_LENGTH);
    }

    private static String sql(List<QueryInfo> queries) {
        return Redaction.redact(queries.stream()
                .map(QueryInfo::getQuery)
                .map(q -> q.strip().replaceAll("\\s+", " "))
                .collect(Collectors.joining("; ")));
    }

    private String parameters(List<QueryInfo> queries) {
        return queries.stream()
                .flatMap(q -> q.getParametersList().stream())
                .map(this::parameterSet)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    /** One execution's parameters in index order, {@code (1=..., 2=...)}. */
    private String parameterSet(List<ParameterSetOperation> operations) {
        return operations.stream()
                .sorted(Comparator.comparing(op -> String.valueOf(op.getArgs()[0]), StatementLog::byIndex))
                .map(op -> op.getArgs()[0] + "=" + value(op))
                .collect(Collectors.joining(", ", "(", ")"));
    }

    private static int byIndex(String a, String b) {
        try {
            return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b); // named parameters of a CallableStatement
        }
    }

    private String value(ParameterSetOperation operation) {
        if (ParameterSetOperation.isSetNullParameterOperation(operation)) {
            return "NULL";
        }
        Object[] args = operation.getArgs();
        Object value = args.length > 1 ? args[1] : null;
        return Redaction.parameter(value instanceof Array array ? arrays.shapeOf(array) : value);
    }
}
