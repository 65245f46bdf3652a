package org.heroes.analytics.store.failures;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Classifies a failed write by exception type and PostgreSQL SQLState (see {@link FailureKind} for
 * what each kind means to the batch). Transient wins over everything: a connection lost in the middle
 * of a statement says nothing about the records.
 */
public final class WriteFailures {

    /** SQLState classes that mean "try again later" (PostgreSQL manual, appendix A). */
    private static final Set<String> TRANSIENT_CLASSES = Set.of(
            "08", // connection exception (PgBouncer reports its own refusals as 08P01)
            "40", // transaction rollback: serialization failure, deadlock
            "53", // insufficient resources: too many connections, out of memory, disk full
            "57"); // operator intervention: statement timeout, admin or crash shutdown, cannot connect now

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /**
     * Citus's error when a node's connection fails in the middle of a distributed transaction: an internal error
     * (XX000) without a code of its own (its {@code MarkRemoteTransactionFailed}); the node being gone a moment is
     * transient, like PostgreSQL's own lost connection (08).
     */
    private static final String CITUS_NODE_LOST = "failure on connection marked as essential";

    /** SQLState classes that blame the data of a row: data exception, integrity constraint violation. */
    private static final Set<String> RECORD_DATA_CLASSES = Set.of("22", "23");

    private WriteFailures() {}

    public static FailureKind classify(Throwable failure) {
        // a rollback that failed after a statement's failure (the connection was gone): the statement's decides
        if (failure instanceof TransactionSystemException rollback
                && rollback.getApplicationException() != null
                && classify(rollback.getApplicationException()) == FailureKind.TRANSIENT) {
            return FailureKind.TRANSIENT;
        }
        String state = null;
        boolean transientType = false;
        boolean noConnection = false;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            transientType |= t instanceof TransientDataAccessException
                    || t instanceof RecoverableDataAccessException
                    || t instanceof SQLTransientException // e.g. Hikari's connection-timeout
                    || t instanceof SQLRecoverableException;
            noConnection |=
                    t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException;
            if (state == null && t instanceof SQLException sql) {
                state = sql.getSQLState();
                transientType |= "XX000".equals(state)
                        && sql.getMessage() != null
                        && sql.getMessage().contains(CITUS_NODE_LOST);
            }
        }
        if (transientType || (state != null && isTransientState(state)) || (state == null && noConnection)) {
            return FailureKind.TRANSIENT;
        }
        if (failure instanceof DataIntegrityViolationException
                || (state != null && RECORD_DATA_CLASSES.contains(stateClass(state)))) {
            return FailureKind.RECORD_DATA;
        }
        return FailureKind.FATAL;
    }

    private static boolean isTransientState(String state) {
        return state.equals(LOCK_NOT_AVAILABLE) || TRANSIENT_CLASSES.contains(stateClass(state));
    }

    private static String stateClass(String state) {
        return state.length() >= 2 ? state.substring(0, 2) : state;
    }
}
