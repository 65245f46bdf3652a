package org.heroes.analytics.store.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

class WriteFailuresTest {

    @Test
    void lostConnectionsDeadlocksAndShutdownsAreTransient() {
        assertThat(WriteFailures.classify(translated("08006"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(WriteFailures.classify(translated("08P01"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(WriteFailures.classify(translated("40P01"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(WriteFailures.classify(translated("53300"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(WriteFailures.classify(translated("57P01"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(WriteFailures.classify(new CannotAcquireLockException("lock")))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(WriteFailures.classify(
                        new CannotGetJdbcConnectionException("pool", new SQLTransientConnectionException("timeout"))))
                .isEqualTo(FailureKind.TRANSIENT);
    }

    /**
     * Citus reports a worker lost in the middle of a distributed transaction without an error code of its own (an
     * internal error, XX000, seen with a worker stopped under load: CitusWorkerDownIT); the node being gone is
     * transient, like PostgreSQL's own lost connection.
     */
    @Test
    void aCitusWorkerLostMidTransactionIsTransient() {
        var failure = new UncategorizedSQLException(
                "write",
                "UPDATE consumer_offsets ...",
                new SQLException("ERROR: failure on connection marked as essential: 127.0.0.1:41149", "XX000"));

        assertThat(WriteFailures.classify(failure)).isEqualTo(FailureKind.TRANSIENT);
        assertThat(WriteFailures.classify(new UncategorizedSQLException(
                        "write", "SELECT ...", new SQLException("ERROR: some other internal error", "XX000"))))
                .isEqualTo(FailureKind.FATAL);
    }

    /**
     * A Citus worker stopped mid-transaction: the coordinator relays the worker's {@code 57P01}, Hikari marks the
     * connection broken, and the rollback then fails on the closed connection: Spring throws the rollback's failure
     * with the statement's as its application exception (seen in CitusWorkerDownIT); the statement's decides.
     */
    @Test
    void aRollbackThatFailedAfterATransientFailureIsTransient() {
        var rollback = new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
        rollback.initApplicationException(translated("57P01"));

        assertThat(WriteFailures.classify(rollback)).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void connectionFailureWrappedAsNonTransientBySpringIsStillTransient() {
        var failure = new DataAccessResourceFailureException("gone", new SQLException("I/O error", "08006"));

        assertThat(WriteFailures.classify(failure)).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void dataExceptionsAndConstraintViolationsBlameTheRecord() {
        assertThat(WriteFailures.classify(new DataIntegrityViolationException("check", new SQLException("x", "23514"))))
                .isEqualTo(FailureKind.RECORD_DATA);
        assertThat(WriteFailures.classify(translated("22021"))).isEqualTo(FailureKind.RECORD_DATA);
    }

    @Test
    void missingGrantsAndBadSqlAreFatal() {
        assertThat(WriteFailures.classify(new BadSqlGrammarException("t", "sql", new SQLException("perm", "42501"))))
                .isEqualTo(FailureKind.FATAL);
        assertThat(WriteFailures.classify(translated("42P01"))).isEqualTo(FailureKind.FATAL);
    }

    private static UncategorizedSQLException translated(String sqlState) {
        return new UncategorizedSQLException("write", "INSERT ...", new SQLException("failed", sqlState));
    }
}
