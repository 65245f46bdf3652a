package org.heroes.analytics.store.rollups;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.heroes.analytics.store.failures.FailureKind;
import org.heroes.analytics.store.failures.WriteFailures;
import org.heroes.analytics.store.retention.RetentionHorizon;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds rollups from the raw rows for a {@link RebuildScope}, atomically and safely beside the live
 * aggregator: readers see the old rollups or the new, never a half-built set, and no event is lost or
 * counted twice. Runs as {@code heroes_writer} through PgBouncer, on the aggregator's own pool.
 *
 * <p>One transaction:
 *
 * <ol>
 *   <li>{@code SET TRANSACTION ISOLATION LEVEL READ COMMITTED} (a statement of this transaction only;
 *       JDBC's {@code setTransactionIsolation} would set it for the session, which PgBouncer's
 *       transaction pooling hands to other clients);
 *   <li>{@code LOCK TABLE ... IN EXCLUSIVE MODE} on each covered rollup table, in the live writers'
 *       order ({@link RebuiltTable}), then {@code LOCK TABLE retention_horizon IN SHARE MODE};
 *   <li>per table: compare the derivation with the stored rows (so the operator learns how many were
 *       wrong), {@code DELETE} the scoped rows, {@code INSERT ... SELECT} the derivation; commit.
 * </ol>
 *
 * <p><strong>Why this is race-free with the live aggregator.</strong> Every live statement that moves
 * a rollup writes its raw rows in the same statement ({@code INSERT ... RETURNING} feeding the rollup
 * in a data-modifying CTE), or, for {@code classroom_rollup}, in the same transaction before the
 * recount; either way the transaction takes {@code ROW EXCLUSIVE} on the rollup table, which conflicts
 * with {@code EXCLUSIVE}. So a live batch either <em>committed before the locks were granted</em> — then
 * its raw rows and its increments are both seen by every statement of the rebuild, each of which runs
 * after the locks, and the rebuild replaces its increments by a derivation that includes its
 * rows — or it <em>waits</em> for the rebuild to commit and then adds its increments to the rebuilt
 * rows, which do not include its rows (they were not committed when the rebuild read); the
 * classroom recount, being a recount in a fresh READ COMMITTED statement, sees the rebuilt state and
 * the batch's own rows. A batch that wrote raw rows but has not reached a rollup table yet has nothing
 * committed and falls in the second case. While the locks are held nothing a rollup is derived from can
 * be committed by anyone else: the statements after them all see the same raw rows, so READ COMMITTED
 * (a snapshot per statement) reads what one snapshot taken after the locks would, and the comparison, the
 * delete and the insert agree with each other. The retention purge deletes raw events and feedback without
 * touching a rollup, but only before the horizon, which the rebuild never rewrites (below); the {@code SHARE}
 * lock on {@code retention_horizon} keeps the horizon from moving until the rebuild commits, so the rows
 * before the horizon it read are the only ones the purge may take meanwhile.
 *
 * <p>Not REPEATABLE READ, one snapshot, as before: on Citus a worker's part of the transaction takes its
 * snapshot when the coordinator opens it (the first {@code LOCK} it forwards), before the later locks have
 * waited for the live batches, so a batch committing meanwhile was missing from the workers' snapshots and
 * the rebuild failed with a serialization error (ADR 0029). {@code EXCLUSIVE} still admits {@code ACCESS
 * SHARE}: readers (query-service, dashboards) are never blocked, and under MVCC they see the old rows
 * until the commit, then the new. A dry run takes no lock (it only reads one consistent REPEATABLE READ
 * snapshot, in which rollups and raw rows of committed batches agree) and rolls back.
 *
 * <p><strong>Never before the retention horizon.</strong> Hours before the {@link RetentionHorizon} (ceiled to
 * a whole hour) have lost their raw rows to the retention job, while their hourly rollups are the history that
 * is kept: a "repair" would erase it. The hourly tables' scope is therefore clamped to start at that hour,
 * whatever the operator asked for (read in the same snapshot as the derivation; ADR 0012).
 *
 * <p>While it holds the locks, the live aggregator's batches wait (consumer lag grows, nothing is
 * lost): keep rebuilds scoped, and see docs/operations.md for how long a whole rebuild blocks.
 */
@Component
public class RollupRebuilder {

    private static final Logger log = LoggerFactory.getLogger(RollupRebuilder.class);

    /**
     * Must be the transaction's first statement; the snapshot is taken by the first query after the locks. Public
     * for a caller that rebuilds inside its own transaction ({@link #lockAllInCurrentTransaction()}).
     */
    public static final String REPEATABLE_READ = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ";

    /** A rebuild's first statement: every statement after its locks reads what was committed before them. */
    static final String READ_COMMITTED = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";

    /**
     * After the rollup locks: the retention job's horizon cannot move (its {@code INSERT ... ON CONFLICT DO UPDATE}
     * waits) until the rebuild commits, so the purge cannot delete raw rows of hours the rebuild derives.
     */
    static final String LOCK_HORIZON = "LOCK TABLE retention_horizon IN SHARE MODE";

    /** A dry run cannot write even by mistake. */
    static final String REPEATABLE_READ_ONLY = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final RetentionHorizon horizon;

    public RollupRebuilder(JdbcClient jdbc, PlatformTransactionManager transactionManager, RetentionHorizon horizon) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.horizon = horizon;
    }

    /**
     * Replaces the scope's rollup rows by their derivation from the raw rows, in one transaction.
     *
     * @return per table, the rows that differed and the rows replaced ({@link RebuildReport#applied()} true)
     * @throws RollupRebuildException if the database refused or failed (rolled back: nothing changed)
     */
    public RebuildReport rebuild(RebuildScope scope) {
        return run(scope, true);
    }

    /**
     * Compares the scope's rollup rows with their derivation and changes nothing.
     *
     * @return per table, the rows that differ ({@link RebuildReport#applied()} false, nothing deleted or written)
     * @throws RollupRebuildException if the database refused or failed
     */
    public RebuildReport dryRun(RebuildScope scope) {
        return run(scope, false);
    }

    /**
     * For a caller whose own transaction changes raw rows and must leave the rollups right in the same commit
     * (forget-student, ADR 0011): takes this rebuild's {@code EXCLUSIVE} locks on every rollup table, in the live
     * writers' order. The caller's transaction must be active and have begun with {@link #REPEATABLE_READ}; it
     * then runs {@link #rebuildInCurrentTransaction} after its own changes.
     *
     * @throws IllegalStateException if no transaction is active
     */
    public void lockAllInCurrentTransaction() {
        requireTransaction();
        lock(List.of(RebuiltTable.values()));
    }

    /**
     * Replaces the scope's rollup rows by their derivation from the raw rows inside the caller's transaction,
     * which holds the locks of {@link #lockAllInCurrentTransaction()}; the caller's own uncommitted changes of raw
     * rows are part of the derivation. Failures propagate as Spring's {@code DataAccessException}s: the caller's
     * transaction rolls back, whole.
     *
     * @throws IllegalStateException if no transaction is active
     */
    public RebuildReport rebuildInCurrentTransaction(RebuildScope scope) {
        requireTransaction();
        long started = System.nanoTime();
        Instant notBefore = firstKeptHour();
        List<TableReport> reports = rebuildAll(RebuiltTable.coveredBy(scope), scope, true, notBefore);
        return new RebuildReport(
                scope, true, reports, Duration.ofNanos(System.nanoTime() - started), clampedStart(scope, notBefore));
    }

    private static void requireTransaction() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a rebuild inside the caller's transaction needs an active transaction");
        }
    }

    private void lock(List<RebuiltTable> tables) {
        tables.forEach(table -> jdbc.sql(table.lock).update());
    }

    private List<TableReport> rebuildAll(
            List<RebuiltTable> tables, RebuildScope scope, boolean apply, Instant notBefore) {
        return tables.stream()
                .map(table -> rebuild(table, scope, apply, notBefore))
                .toList();
    }

    /** {@code notBefore} when the scope reaches before it (the hourly tables were clamped to it), else null. */
    private static Instant clampedStart(RebuildScope scope, Instant notBefore) {
        boolean reachesBefore = notBefore != null
                && (scope.hourFrom() == null || scope.hourFrom().isBefore(notBefore));
        return reachesBefore ? notBefore : null;
    }

    private RebuildReport run(RebuildScope scope, boolean apply) {
        List<RebuiltTable> tables = RebuiltTable.coveredBy(scope);
        long started = System.nanoTime();
        List<TableReport> reports;
        Instant[] clampedTo = {null};
        try {
            reports = transaction.execute(status -> {
                if (!apply) {
                    status.setRollbackOnly();
                }
                jdbc.sql(apply ? READ_COMMITTED : REPEATABLE_READ_ONLY).update();
                if (apply) {
                    lock(tables);
                    jdbc.sql(LOCK_HORIZON).update();
                }
                Instant notBefore = firstKeptHour();
                clampedTo[0] = clampedStart(scope, notBefore);
                return rebuildAll(tables, scope, apply, notBefore);
            });
        } catch (DataAccessException | TransactionException e) {
            boolean retriable = WriteFailures.classify(e) == FailureKind.TRANSIENT;
            throw new RollupRebuildException(
                    (apply ? "rebuild" : "dry run") + " of the rollups of " + scope.describe()
                            + " failed and was rolled back (" + (retriable ? "retriable" : "not retriable") + "): "
                            + NestedExceptionUtils.getMostSpecificCause(e).getMessage(),
                    retriable,
                    e);
        }
        var report =
                new RebuildReport(scope, apply, reports, Duration.ofNanos(System.nanoTime() - started), clampedTo[0]);
        if (report.hourlyNotBefore() != null) {
            log.info(
                    "rollup {}: hourly rollups before {} left alone (the retention horizon: their raw rows are gone)",
                    apply ? "rebuild" : "dry run",
                    report.hourlyNotBefore());
        }
        log.info(
                "rollup {} of {}: {} rows differed from the raw rows, {} ms",
                apply ? "rebuild" : "dry run",
                scope.describe(),
                report.differing(),
                report.took().toMillis());
        return report;
    }

    /** The retention horizon ceiled to a whole UTC hour, or {@code null} while nothing was ever deleted. */
    private Instant firstKeptHour() {
        return horizon.stored()
                .map(h -> {
                    Instant floor = h.truncatedTo(ChronoUnit.HOURS);
                    return floor.equals(h) ? h : floor.plus(1, ChronoUnit.HOURS);
                })
                .orElse(null);
    }

    private TableReport rebuild(RebuiltTable table, RebuildScope scope, boolean apply, Instant notBefore) {
        TableReport found = jdbc.sql(table.diff)
                .params(ScopeParameters.of(scope, notBefore))
                .query((rs, n) -> new TableReport(
                        table.table,
                        rs.getLong("stored"),
                        rs.getLong("derived"),
                        rs.getLong("wrong"),
                        rs.getLong("missing"),
                        rs.getLong("extra"),
                        0,
                        0))
                .single();
        if (!apply) {
            return found;
        }
        int deleted = jdbc.sql(table.delete)
                .params(ScopeParameters.of(scope, notBefore))
                .update();
        int written = jdbc.sql(table.insert)
                .params(ScopeParameters.of(scope, notBefore))
                .update();
        return new TableReport(
                found.table(),
                found.stored(),
                found.derived(),
                found.wrong(),
                found.missing(),
                found.extra(),
                deleted,
                written);
    }
}
