package org.heroes.analytics.store.sink;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Where the roster places students (their {@code students.classroom_id}), read inside a batch's transaction
 * under locks that keep the answer true until the batch commits (ADR 0021):
 *
 * <ul>
 *   <li>every student the batch names who is on the roster (its roster records' students and its events'), in one
 *       statement, in id order, {@code FOR NO KEY UPDATE}, before the batch's roster upsert: a batch that moves a
 *       student and a batch writing the student's events are serialised, and two batches never wait for each
 *       other's student rows in opposite orders;
 *   <li>a student on no roster has no row to lock, so the batch takes a transaction-scoped advisory lock on the
 *       student's bucket (the student id hashed into {@link #BUCKETS}); a roster batch takes the buckets of the
 *       students it names before it moves their progress or releases their held events. Whichever comes second
 *       waits for the first to commit, so a held event is always committed before the roster record that would
 *       release it looks for it, or sees the student already placed. Buckets bound the advisory locks one
 *       transaction takes (PostgreSQL's lock table is shared and finite) whatever a batch holds; two batches
 *       sharing a bucket only wait. The buckets of a batch are taken in one statement, in ascending order, after
 *       its student rows.
 * </ul>
 *
 * <p>So every transaction that writes a student's {@code student_progress} holds the student's roster row {@code FOR
 * NO KEY UPDATE} (a batch writing their events, a roster batch moving their progress or releasing their held
 * events; a student placed by a batch that committed after this batch's first lock is locked then, without waiting:
 * {@link #lockPlacedMeanwhile}) or, for a student on no roster, the student's bucket. That is what serialises the
 * writers of a student's progress, not a lock of the progress rows themselves: on Citus a {@code FOR UPDATE} of
 * distributed rows in a multi-shard statement is refused (ADR 0029); the students table is a reference table, whose
 * row locks work on both engines (on Citus as a lock of the whole table, ADR 0029). The retention purge takes the same
 * locks ({@link #tryLockForPurge}) and leaves a student it could not lock for its next batch or run.
 *
 * <p>Transaction-scoped advisory locks end with the transaction, so they are safe under PgBouncer's transaction
 * pooling (ADR 0002).
 */
@Component
public class StudentPlacements {

    /** How many advisory locks a batch may take at most. */
    static final int BUCKETS = 256;

    /** The advisory lock space of these buckets (first key of {@code pg_advisory_xact_lock(int, int)}): "rost". */
    public static final int LOCK_SPACE = 0x726f7374;

    /** The classroom each of these students is rostered in, their rows locked in id order. */
    static final String LOCK_PLACED = """
            SELECT id::text AS student_id, classroom_id::text AS classroom_id
            FROM students WHERE id = ANY(?::uuid[])
            ORDER BY id
            FOR NO KEY UPDATE
            """;

    /** The classroom each of these students is rostered in (rows this batch locked or wrote, or bucket-locked). */
    static final String PLACED = """
            SELECT id::text AS student_id, classroom_id::text AS classroom_id FROM students WHERE id = ANY(?::uuid[])
            """;

    /**
     * The rows of these students that nobody else holds, locked in id order without waiting: taken after a batch's
     * buckets (or by the purge) never waits, so it cannot deadlock with a batch taking rows, then buckets.
     */
    static final String TRY_LOCK_PLACED = """
            SELECT id::text AS student_id, classroom_id::text AS classroom_id
            FROM students WHERE id = ANY(?::uuid[])
            ORDER BY id
            FOR NO KEY UPDATE SKIP LOCKED
            """;

    /** The buckets among these that nobody else holds, locked in ascending order without waiting. */
    static final String TRY_LOCK_BUCKETS = """
            SELECT bucket
            FROM (SELECT DISTINCT bucket FROM unnest(?::int4[]) AS b(bucket) ORDER BY bucket) AS buckets
            WHERE pg_try_advisory_xact_lock(?, bucket)
            """;

    /** Locks the buckets in ascending order, one statement; held until the transaction ends. */
    static final String LOCK_BUCKETS = """
            SELECT pg_advisory_xact_lock(?, bucket)
            FROM (SELECT DISTINCT bucket FROM unnest(?::int4[]) AS b(bucket) ORDER BY bucket) AS buckets
            """;

    private final JdbcClient jdbc;

    StudentPlacements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The rostered ones among {@code students} (canonical ids) and their classrooms, their rows locked. */
    Map<String, String> lockPlaced(Collection<String> students) {
        return read(LOCK_PLACED, students);
    }

    /** The rostered ones among {@code students} and their classrooms, without row locks. */
    Map<String, String> placed(Collection<String> students) {
        return read(PLACED, students);
    }

    /**
     * The rostered ones among {@code students}, which a batch found on no roster under its first lock and placed
     * after it took their buckets (a batch placing them committed meanwhile), their rows locked without waiting.
     *
     * @throws ConcurrencyFailureException if another transaction holds one of their rows (the batch is retried,
     *     and then finds them placed under its first lock)
     */
    Map<String, String> lockPlacedMeanwhile(Collection<String> students) {
        Map<String, String> placed = read(PLACED, students);
        Map<String, String> locked = read(TRY_LOCK_PLACED, placed.keySet());
        if (!locked.keySet().equals(placed.keySet())) {
            throw new ConcurrencyFailureException(
                    "the roster rows of " + (placed.size() - locked.size()) + " students placed meanwhile are locked");
        }
        return locked;
    }

    /** Locks the buckets of {@code students} until the transaction ends. */
    void lockBuckets(Collection<String> students) {
        if (students.isEmpty()) {
            return;
        }
        jdbc.sql(LOCK_BUCKETS)
                .params(LOCK_SPACE, buckets(students))
                .query((rs, n) -> n)
                .list();
    }

    /**
     * For the retention purge: locks, until the transaction ends, what a writer of these students' progress holds
     * (the roster rows of those rostered, then their buckets, the writers' order) and answers the students for whom it
     * got every lock, whose {@code student_progress} no other transaction can change before this one ends. On one
     * node neither step waits ({@code SKIP LOCKED}, {@code pg_try_advisory_xact_lock}). On Citus a row lock on the
     * reference table {@code students} is an exclusive lock of its shard, whatever the rows ({@code SKIP LOCKED} skips
     * nothing there, ADR 0029): the row step waits for a batch holding any roster row to commit, bounded by the
     * caller's {@code lock_timeout}; it holds nothing a batch waits for then (rows before buckets, as the writers), so
     * it cannot deadlock with one.
     *
     * @param students canonical ids
     */
    public Set<String> tryLockForPurge(Collection<String> students) {
        Set<String> free = new TreeSet<>();
        if (students.isEmpty()) {
            return free;
        }
        Set<String> lockedRows = read(TRY_LOCK_PLACED, students).keySet();
        Set<String> rostered = read(PLACED, students).keySet();
        Set<Integer> buckets = new TreeSet<>(jdbc.sql(TRY_LOCK_BUCKETS)
                .params(buckets(students), LOCK_SPACE)
                .query(Integer.class)
                .list());
        students.stream()
                .filter(s -> buckets.contains(bucket(s)))
                .filter(s -> !rostered.contains(s) || lockedRows.contains(s))
                .forEach(free::add);
        return free;
    }

    private static SqlArrayValue buckets(Collection<String> students) {
        return new SqlArrayValue(
                "int4",
                students.stream().map(StudentPlacements::bucket).distinct().toArray());
    }

    /** The bucket of a student (canonical id): the second key of the student's advisory lock. */
    public static int bucket(String student) {
        return Math.floorMod(UUID.fromString(student).hashCode(), BUCKETS);
    }

    private Map<String, String> read(String sql, Collection<String> students) {
        Map<String, String> placed = new HashMap<>();
        if (students.isEmpty()) {
            return placed;
        }
        jdbc.sql(sql).param(new SqlArrayValue("uuid", students.toArray())).query(rs -> {
            placed.put(rs.getString("student_id"), rs.getString("classroom_id"));
        });
        return placed;
    }
}
