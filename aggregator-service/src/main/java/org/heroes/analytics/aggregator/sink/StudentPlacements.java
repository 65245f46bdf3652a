package org.heroes.analytics.aggregator.sink;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
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
 * <p>Transaction-scoped advisory locks end with the transaction, so they are safe under PgBouncer's transaction
 * pooling (ADR 0002).
 */
@Component
class StudentPlacements {

    /** How many advisory locks a batch may take at most. */
    static final int BUCKETS = 256;

    /** The advisory lock space of these buckets (first key of {@code pg_advisory_xact_lock(int, int)}): "rost". */
    static final int LOCK_SPACE = 0x726f7374;

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

    /** Locks the buckets of {@code students} until the transaction ends. */
    void lockBuckets(Collection<String> students) {
        if (students.isEmpty()) {
            return;
        }
        Integer[] buckets =
                students.stream().map(StudentPlacements::bucket).distinct().toArray(Integer[]::new);
        jdbc.sql(LOCK_BUCKETS)
                .params(LOCK_SPACE, new SqlArrayValue("int4", (Object[]) buckets))
                .query((rs, n) -> n)
                .list();
    }

    static int bucket(String student) {
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
