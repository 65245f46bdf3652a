package org.heroes.analytics.query.tenancy;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link FacilitatorReads} over the reader's pool (PgBouncer, transaction pooling). The facilitator id and the
 * statement timeout are set with {@code set_config(..., true)}: they end with the transaction, so the pooled server
 * connection carries nothing to the next client. Never a session-level {@code SET}.
 */
@Component
class TransactionalFacilitatorReads implements FacilitatorReads {

    /**
     * Both settings are transaction-local (third argument {@code true}). Sent together with the read's first
     * statement, in the same round trip and before it ({@link JdbcTenantQueries}); the parameter names are this
     * class's own so that they cannot clash with a statement's.
     */
    static final String ACT_FOR_FACILITATOR = """
            SELECT set_config('app.facilitator_id', :actForFacilitatorId, true),
                   set_config('statement_timeout', :actForStatementTimeout, true)
            """;

    private final NamedParameterJdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final String statementTimeout;

    TransactionalFacilitatorReads(DataSource dataSource, ReadProperties properties) {
        this.jdbc = new NamedParameterJdbcTemplate(dataSource);
        this.transactions = new TransactionTemplate(new JdbcTransactionManager(dataSource));
        this.transactions.setReadOnly(true);
        this.statementTimeout = properties.statementTimeout().toMillis() + "ms";
    }

    @Override
    public <T> T read(Function<TenantQueries, T> work) {
        UUID facilitatorId = VerifiedFacilitator.current();
        Map<String, Object> settings =
                Map.of("actForFacilitatorId", facilitatorId.toString(), "actForStatementTimeout", statementTimeout);
        return transactions.execute(status -> work.apply(new JdbcTenantQueries(jdbc, ACT_FOR_FACILITATOR, settings)));
    }
}
