package org.heroes.analytics.store.drop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * The writer's side of forgetting a student (ADR 0011): inside a batch's transaction, before any row is
 * written, looks up which of the batch's students are in {@code forgotten_students} and drops their records,
 * so that no replay, backfill or dead-letter redrive brings a forgotten student back. One indexed look-up per
 * batch (none when the batch names no student).
 *
 * <p>The look-up takes {@code FOR KEY SHARE}, hence a {@code ROW SHARE} lock on the table, which conflicts with
 * the {@code EXCLUSIVE} lock the forget takes first: a batch that looked before a forget commits the rows it
 * wrote before the forget reads and deletes them; a batch that looks while a forget runs waits, then (READ
 * COMMITTED, a fresh snapshot after the lock) sees the new id. {@code pg_dump}'s {@code ACCESS SHARE} conflicts
 * with neither.
 *
 * <p>Dropped records are counted in {@code aggregator.records.forgotten}; no id is ever logged or tagged.
 */
@Component
public class ForgottenStudents {

    /** Which of the batch's students are forgotten; locks the list against a concurrent forget (above). */
    static final String FORGOTTEN_AMONG = """
            SELECT student_id::text FROM forgotten_students WHERE student_id = ANY(?::uuid[]) FOR KEY SHARE
            """;

    private final JdbcClient jdbc;
    private final Counter dropped;

    ForgottenStudents(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.dropped = Counter.builder("aggregator.records.forgotten")
                .description("records dropped because their student was forgotten (forget-student)")
                .register(registry);
    }

    /**
     * Which of {@code students} are forgotten; must run inside the batch's transaction, whose records of those
     * students the caller then drops and counts with {@link #dropped(int)}.
     */
    public Set<String> among(Set<String> students) {
        if (students.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql(FORGOTTEN_AMONG)
                .param(new SqlArrayValue("uuid", students.toArray()))
                .query(String.class)
                .list());
    }

    /** Counts {@code records} dropped because their student is forgotten. */
    public void dropped(int records) {
        dropped.increment(records);
    }
}
