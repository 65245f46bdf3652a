package org.heroes.analytics.store.forget;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.store.failures.FailureKind;
import org.heroes.analytics.store.failures.WriteFailures;
import org.heroes.analytics.store.rollups.RebuildReport;
import org.heroes.analytics.store.rollups.RebuildScope;
import org.heroes.analytics.store.rollups.RollupRebuilder;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forgets a student for good, in one transaction as {@code heroes_writer} through PgBouncer (the grants of V5
 * suffice; nothing here needs the owner):
 *
 * <ol>
 *   <li>{@link RollupRebuilder#REPEATABLE_READ}, then {@code LOCK forgotten_students IN EXCLUSIVE MODE}: every
 *       batch that already looked the list up ({@code sink.ForgottenStudents}, {@code FOR KEY SHARE}) has
 *       committed, and every later one waits and will see the id — so no batch can write the student after this
 *       forget has deleted them;
 *   <li>the rollup rebuild's {@code EXCLUSIVE} locks, in the live writers' order (ADR 0008); the order list,
 *       then rollups is the order of a batch too (it looks the list up before it writes), so no deadlock;
 *   <li>the id onto the list; then per table, {@code DELETE ... RETURNING classroom_id}: the rows and the
 *       classrooms they touched (held events too, ADR 0021: a batch holding the student's events looked the list
 *       up first, so it committed before this forget deletes them, or it waits and drops them);
 *   <li>the rollups of those classrooms rebuilt from the raw rows as they now are, by the rollups package's own
 *       derivation (no second copy of rollup SQL); commit.
 * </ol>
 *
 * <p>Idempotent: a second forget finds the id listed and nothing to delete. The live aggregator's batches wait
 * while it runs (a sequential scan of {@code analytics_events}, which has no index on {@code student_id}: see
 * docs/operations.md for the cost).
 */
@Component
public class StudentForgetter {

    static final String LOCK_LIST = "LOCK TABLE forgotten_students IN EXCLUSIVE MODE";

    static final String REMEMBER = """
            INSERT INTO forgotten_students (student_id) VALUES (?::uuid) ON CONFLICT (student_id) DO NOTHING
            """;

    // Each deletes the student's rows of one table and answers, per classroom, how many went.
    static final String DELETE_ANALYTICS = """
            WITH gone AS (DELETE FROM analytics_events WHERE student_id = ?::uuid RETURNING classroom_id)
            SELECT classroom_id::text AS classroom_id, count(*) AS removed FROM gone GROUP BY classroom_id
            """;

    static final String DELETE_PROGRESS = """
            WITH gone AS (DELETE FROM student_progress WHERE student_id = ?::uuid RETURNING classroom_id)
            SELECT classroom_id::text AS classroom_id, count(*) AS removed FROM gone GROUP BY classroom_id
            """;

    static final String DELETE_FEEDBACK = """
            WITH gone AS (DELETE FROM student_feedback WHERE student_id = ?::uuid RETURNING classroom_id)
            SELECT classroom_id::text AS classroom_id, count(*) AS removed FROM gone GROUP BY classroom_id
            """;

    /** Events held until a roster record names the student (ADR 0021): counted nowhere, so no rollup moves. */
    static final String DELETE_PENDING = """
            WITH gone AS (DELETE FROM pending_student_events WHERE student_id = ?::uuid RETURNING classroom_id)
            SELECT classroom_id::text AS classroom_id, count(*) AS removed FROM gone GROUP BY classroom_id
            """;

    static final String DELETE_STUDENT = """
            WITH gone AS (DELETE FROM students WHERE id = ?::uuid RETURNING classroom_id)
            SELECT classroom_id::text AS classroom_id, count(*) AS removed FROM gone GROUP BY classroom_id
            """;

    /**
     * Every table that holds a student id (grep the migrations), in the order deleted. ForgetStudentIT searches
     * every row of every table (as text) afterwards, so a new table holding the id that is missing here fails it.
     */
    static final Map<String, String> DELETES = deletes();

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final RollupRebuilder rebuilder;

    StudentForgetter(JdbcClient jdbc, PlatformTransactionManager transactionManager, RollupRebuilder rebuilder) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactionManager);
        this.rebuilder = rebuilder;
    }

    /**
     * Forgets {@code studentId}: listed, every row removed, the touched rollups rebuilt; all or nothing.
     *
     * @throws ForgetFailedException if the database refused or failed (rolled back: nothing changed)
     */
    public ForgetReport forget(UUID studentId) {
        long started = System.nanoTime();
        try {
            return transaction.execute(status -> forgetInTransaction(studentId, started));
        } catch (DataAccessException | TransactionException e) {
            boolean retriable = WriteFailures.classify(e) == FailureKind.TRANSIENT;
            throw new ForgetFailedException(
                    "forgetting the student failed and was rolled back (" + (retriable ? "retriable" : "not retriable")
                            + "): "
                            + NestedExceptionUtils.getMostSpecificCause(e).getMessage(),
                    retriable,
                    e);
        }
    }

    private ForgetReport forgetInTransaction(UUID studentId, long started) {
        jdbc.sql(RollupRebuilder.REPEATABLE_READ).update();
        return forgetInCurrentTransaction(studentId, started);
    }

    /**
     * Steps 2 to 4 above, inside the caller's transaction, which must have begun with
     * {@link RollupRebuilder#REPEATABLE_READ} (a roster tombstone's forget, {@link TombstoneForgetter}, in a
     * batch's transaction). Failures propagate as Spring's {@code DataAccessException}s.
     */
    ForgetReport forgetInCurrentTransaction(UUID studentId, long started) {
        jdbc.sql(LOCK_LIST).update();
        rebuilder.lockAllInCurrentTransaction();
        boolean alreadyListed = jdbc.sql(REMEMBER).param(studentId.toString()).update() == 0;
        Map<String, Long> removed = new LinkedHashMap<>();
        TreeSet<UUID> classrooms = new TreeSet<>();
        DELETES.forEach((table, delete) -> {
            long[] rows = {0};
            jdbc.sql(delete).param(studentId.toString()).query(rs -> {
                classrooms.add(UUID.fromString(rs.getString("classroom_id")));
                rows[0] += rs.getLong("removed");
            });
            removed.put(table, rows[0]);
        });
        RebuildReport rollups = classrooms.isEmpty()
                ? null
                : rebuilder.rebuildInCurrentTransaction(RebuildScope.of(classrooms, null, null));
        return new ForgetReport(
                studentId,
                alreadyListed,
                removed,
                classrooms.size(),
                rollups,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The table holding a kind's rows naming a student, and the statement deleting them; empty for a kind whose
     * records name no student.
     */
    static Optional<Map.Entry<String, String>> deleteOf(EventKind kind) {
        return switch (kind) {
            case ANALYTICS -> Optional.of(Map.entry("analytics_events", DELETE_ANALYTICS));
            case PROGRESS -> Optional.of(Map.entry("student_progress", DELETE_PROGRESS));
            case FEEDBACK -> Optional.of(Map.entry("student_feedback", DELETE_FEEDBACK));
            case FACILITATOR, CLASSROOM -> Optional.empty();
            case STUDENT -> Optional.of(Map.entry("students", DELETE_STUDENT));
        };
    }

    /** The events' tables, the held events, then the roster's tables. */
    private static Map<String, String> deletes() {
        Map<String, String> map = new LinkedHashMap<>();
        EventKind.inFamily(EventKind.Family.EVENT)
                .forEach(kind -> deleteOf(kind).ifPresent(d -> map.put(d.getKey(), d.getValue())));
        map.put("pending_student_events", DELETE_PENDING);
        EventKind.inFamily(EventKind.Family.ROSTER)
                .forEach(kind -> deleteOf(kind).ifPresent(d -> map.put(d.getKey(), d.getValue())));
        return Collections.unmodifiableMap(map);
    }
}
