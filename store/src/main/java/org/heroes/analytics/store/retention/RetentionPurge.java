package org.heroes.analytics.store.retention;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.heroes.analytics.store.failures.FailureKind;
import org.heroes.analytics.store.failures.WriteFailures;
import org.heroes.analytics.store.sink.ClassroomRollupWriter;
import org.heroes.analytics.store.sink.StudentPlacements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One retention run: deletes the raw rows whose event time lies before {@code now - aggregator.retention.age}
 * (docs/data-retention.md, ADR 0012), as {@code heroes_writer} through PgBouncer.
 *
 * <ol>
 *   <li>The horizon is advanced to the cut-off and committed first: from then on the writers refuse older
 *       events, the rebuilder leaves older hours alone and query-service withholds averages of older cells —
 *       before a single row is gone.
 *   <li>The monthly partitions of {@code analytics_events} whose month ends at or before the horizon are
 *       dropped whole ({@link ExpiredPartitions}, ADR 0016).
 *   <li>Then per table, batches of at most {@code batchSize} rows, each one {@code DELETE} in its own short
 *       transaction (row locks on that batch only, no table lock; the live listener never waits long), until a
 *       batch finds nothing left. Progress deletions decrement {@code progress_rollup} in the same statement
 *       and recount {@code classroom_rollup} in the same transaction; they take the locks every writer of the
 *       students' progress holds (without waiting on one node; on Citus, where a roster row lock is a lock of the
 *       whole table, waiting at most {@link #HELD_WAIT} for a live batch to commit) and skip the students a live
 *       batch holds (on Citus: every student, while a batch holds the table that long). The hourly rollups are
 *       never touched. Events held for a roster record that never came ({@code pending_student_events}, ADR 0021) go by the
 *       same rule, last.
 * </ol>
 *
 * <p>A transient failure (deadlock with a live batch, PgBouncer or PostgreSQL gone a moment) retries the batch
 * a few times; otherwise the run stops with {@link RetentionFailedException}. Batches already committed stay, so
 * the next run simply continues. Logs and meters carry counts only.
 */
@Component
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    private static final int ATTEMPTS = 4;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);

    /**
     * A batch's candidates of {@link RetentionTable#STUDENT_PROGRESS}: at most {@code :limit} expired progress rows,
     * unlocked (a {@code FOR UPDATE} of distributed rows in a multi-shard statement is refused on Citus, ADR 0029).
     * The purge then locks their students ({@code StudentPlacements#tryLockForPurge}) and deletes the rows of those
     * it got, the age checked again. A batch whose candidates all belong to students live batches hold deletes
     * nothing and ends the run: the next run takes them.
     */
    static final String EXPIRED_PROGRESS = """
            SELECT student_id::text AS student_id, lesson_id
            FROM student_progress
            WHERE updated_at < :cutoff
            LIMIT :limit
            """;

    /**
     * How long a progress batch waits for its students' locks at most (its {@code lock_timeout}). On one node the
     * purge's locks never wait; on Citus its roster-row lock is a lock of the whole {@code students} shard and waits
     * for the batch holding any roster row to commit (ADR 0029). Held longer than this, the students are left to the
     * next run.
     */
    static final String HELD_WAIT = "SET LOCAL lock_timeout = '5s'";

    /**
     * Citus forwards a {@code SET LOCAL} to the workers only when told to ({@code citus.propagate_set_commands}), and
     * the wait for a reference table's row lock is on a worker: without this, {@link #HELD_WAIT} would not bound it.
     * On one node a placeholder setting nobody reads.
     */
    static final String FORWARD_SETTINGS = "SET LOCAL citus.propagate_set_commands = 'local'";

    /** SQLState of a lock not granted within {@code lock_timeout}. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final RetentionHorizon horizon;
    private final ClassroomRollupWriter classroomRollup;
    private final RetentionProperties properties;
    private final RetentionMetrics metrics;
    private final ExpiredPartitions partitions;
    private final StudentPlacements placements;

    RetentionPurge(
            JdbcClient jdbc,
            PlatformTransactionManager transactionManager,
            RetentionHorizon horizon,
            ClassroomRollupWriter classroomRollup,
            RetentionProperties properties,
            RetentionMetrics metrics,
            ExpiredPartitions partitions,
            StudentPlacements placements) {
        this.jdbc = jdbc;
        this.placements = placements;
        this.partitions = partitions;
        this.transaction = new TransactionTemplate(transactionManager);
        this.horizon = horizon;
        this.classroomRollup = classroomRollup;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * Deletes every raw row older than {@code now - age}.
     *
     * @param now the run's "now" (the scheduler passes the clock; tests a fixed instant)
     * @param batchSize rows per delete statement and transaction
     * @throws RetentionFailedException if a batch failed (earlier batches stay committed)
     */
    public RetentionReport run(Instant now, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        }
        long started = System.nanoTime();
        Instant cutoff = now.minus(properties.age());
        Instant stored = attempt(
                "advance the horizon to " + cutoff, () -> transaction.execute(status -> horizon.advanceTo(cutoff)));
        log.info(
                "retention run: horizon {} (age {}), deleting older raw rows in batches of {}",
                stored,
                properties.age(),
                batchSize);
        int[] batches = {0};
        try {
            List<ExpiredPartitions.Dropped> dropped = dropExpiredPartitions(stored);
            long partitionRows =
                    dropped.stream().mapToLong(ExpiredPartitions.Dropped::rows).sum();
            long analytics = partitionRows + purge(RetentionTable.ANALYTICS_EVENTS, stored, batchSize, batches);
            long feedback = purge(RetentionTable.STUDENT_FEEDBACK, stored, batchSize, batches);
            long progress = purge(RetentionTable.STUDENT_PROGRESS, stored, batchSize, batches);
            long pending = purge(RetentionTable.PENDING_STUDENT_EVENTS, stored, batchSize, batches);
            var report = new RetentionReport(
                    stored,
                    analytics,
                    feedback,
                    progress,
                    pending,
                    batches[0],
                    dropped.size(),
                    Duration.ofNanos(System.nanoTime() - started));
            metrics.succeeded(report);
            log.info(
                    "retention run done: {} analytics events ({} in {} dropped monthly partitions), {} feedback rows,"
                            + " {} progress rows, {} held events deleted in {} batches, {} ms",
                    analytics,
                    partitionRows,
                    dropped.size(),
                    feedback,
                    progress,
                    pending,
                    report.batches(),
                    report.took().toMillis());
            return report;
        } catch (RetentionFailedException e) {
            metrics.failed();
            throw e;
        }
    }

    /**
     * Drops the monthly partitions of {@code analytics_events} that lie wholly before the horizon (already
     * committed: writers refuse their events). A failure here (the parent's lock not granted within the
     * function's lock_timeout, after the retries) is logged and the run goes on: the batched delete removes the
     * same rows, only more slowly, and the next run tries the drop again.
     */
    private List<ExpiredPartitions.Dropped> dropExpiredPartitions(Instant horizon) {
        try {
            List<ExpiredPartitions.Dropped> dropped =
                    attempt("drop the monthly partitions before " + horizon, () -> partitions.dropBefore(horizon));
            dropped.forEach(d -> metrics.removed(RetentionTable.ANALYTICS_EVENTS, d.rows()));
            if (!dropped.isEmpty()) {
                log.info(
                        "retention: dropped {} monthly partitions of analytics_events: {}",
                        dropped.size(),
                        dropped.stream()
                                .map(ExpiredPartitions.Dropped::partition)
                                .toList());
            }
            metrics.partitionsDropped(dropped.size());
            return dropped;
        } catch (RetentionFailedException e) {
            log.warn("retention: {}; the batched delete removes those rows instead", e.getMessage(), e);
            return List.of();
        }
    }

    private long purge(RetentionTable table, Instant cutoff, int batchSize, int[] batches) {
        Map<String, Object> parameters = Map.of("cutoff", cutoff.atOffset(ZoneOffset.UTC), "limit", batchSize);
        long total = 0;
        while (true) {
            int removed = attempt(
                    "delete a batch of " + table.table + " older than " + cutoff,
                    () -> transaction.execute(status -> deleteBatch(table, parameters, status)));
            if (removed == 0) {
                return total;
            }
            total += removed;
            batches[0]++;
            metrics.removed(table, removed);
            log.debug("retention: {} rows of {} deleted, {} so far", removed, table.table, total);
        }
    }

    private int deleteBatch(RetentionTable table, Map<String, Object> parameters, TransactionStatus status) {
        if (table != RetentionTable.STUDENT_PROGRESS) {
            return jdbc.sql(table.delete).params(parameters).update();
        }
        List<String> students = new ArrayList<>();
        List<Integer> lessons = new ArrayList<>();
        jdbc.sql(EXPIRED_PROGRESS).params(parameters).query(rs -> {
            students.add(rs.getString("student_id"));
            lessons.add(rs.getInt("lesson_id"));
        });
        if (students.isEmpty()) {
            return 0;
        }
        jdbc.sql(FORWARD_SETTINGS).update();
        jdbc.sql(HELD_WAIT).update();
        Set<String> locked;
        try {
            locked = placements.tryLockForPurge(new TreeSet<>(students));
        } catch (DataAccessException e) {
            if (!lockNotAvailable(e)) {
                throw e;
            }
            status.setRollbackOnly();
            log.info(
                    "retention: the locks of {} students with expired progress stayed held by live batches: their"
                            + " progress is left to the next run",
                    new TreeSet<>(students).size());
            return 0;
        }
        List<String> doomedStudents = new ArrayList<>();
        List<Integer> doomedLessons = new ArrayList<>();
        for (int i = 0; i < students.size(); i++) {
            if (locked.contains(students.get(i))) {
                doomedStudents.add(students.get(i));
                doomedLessons.add(lessons.get(i));
            }
        }
        if (doomedStudents.isEmpty()) {
            return 0;
        }
        Set<String> completed = new TreeSet<>();
        int[] removed = {0};
        jdbc.sql(table.delete)
                .param("cutoff", parameters.get("cutoff"))
                .param("students", new SqlArrayValue("uuid", doomedStudents.toArray()))
                .param("lessons", new SqlArrayValue("int4", doomedLessons.toArray()))
                .query(rs -> {
                    removed[0]++;
                    if (rs.getBoolean("completed")) {
                        completed.add(rs.getString("student_id"));
                    }
                });
        classroomRollup.recount(Set.of(), completed);
        return removed[0];
    }

    private static boolean lockNotAvailable(DataAccessException e) {
        return NestedExceptionUtils.getMostSpecificCause(e) instanceof SQLException sql
                && LOCK_NOT_AVAILABLE.equals(sql.getSQLState());
    }

    private <T> T attempt(String what, Supplier<T> step) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; ; attempt++) {
            try {
                return step.get();
            } catch (DataAccessException | TransactionException e) {
                boolean transientFailure = WriteFailures.classify(e) == FailureKind.TRANSIENT;
                if (!transientFailure || attempt == ATTEMPTS) {
                    throw new RetentionFailedException(
                            "could not " + what + " ("
                                    + (transientFailure ? "transient, " + attempt + " attempts" : "fatal") + "): "
                                    + NestedExceptionUtils.getMostSpecificCause(e)
                                            .getMessage(),
                            e);
                }
                sleep(backoff);
                backoff = backoff.multipliedBy(2);
            }
        }
    }

    private static void sleep(Duration backoff) {
        try {
            Thread.sleep(backoff.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetentionFailedException("interrupted while backing off", e);
        }
    }
}
