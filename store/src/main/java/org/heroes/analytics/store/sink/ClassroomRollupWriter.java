package org.heroes.analytics.store.sink;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code classroom_rollup} (active roster students, and those of them with a completed lesson)
 * for the classrooms a batch touched, by counting those classrooms again from the raw rows. Roster
 * moves, deactivations and progress that arrives before the roster make a delta rule error-prone;
 * a classroom has tens of students, so recounting the few a batch touched is cheap and exact.
 *
 * <p>Two consumers may touch one classroom at once (the roster is keyed by student, progress by
 * classroom), so the recount must see the other's committed rows: each transaction writes its raw
 * rows first, then locks the classrooms' rollup rows in id order, then recounts in a new statement,
 * whose snapshot includes whatever the previous lock holder committed.
 */
@Component
public class ClassroomRollupWriter {

    /**
     * The classrooms on whose roster these students are now; {@code FOR SHARE} waits for, and then
     * sees, a concurrent roster change of the same students.
     */
    static final String ROSTER_CLASSROOMS = """
            SELECT DISTINCT classroom_id::text
            FROM (SELECT s.classroom_id FROM students s WHERE s.id = ANY(?::uuid[]) FOR SHARE) AS roster
            """;

    static final String LOCK_ROLLUPS = """
            INSERT INTO classroom_rollup AS r (classroom_id, student_count, active_students)
            SELECT id, 0, 0 FROM unnest(?::uuid[]) AS c(id) ORDER BY id
            ON CONFLICT (classroom_id) DO UPDATE SET student_count = r.student_count
            """;

    /**
     * The active students of each classroom, and those of them with a completed lesson (in any classroom). The
     * latter are a join to an uncorrelated set of student ids: Citus refuses a correlated subquery on the distributed
     * {@code student_progress} under the reference table {@code students} (ADR 0028).
     */
    static final String RECOUNT = """
            INSERT INTO classroom_rollup AS r (classroom_id, student_count, active_students)
            SELECT c.id, count(s.id), count(done.student_id)
            FROM unnest(?::uuid[]) AS c(id)
            LEFT JOIN students s ON s.classroom_id = c.id AND s.is_active
            LEFT JOIN (SELECT DISTINCT p.student_id
                       FROM student_progress p
                       JOIN students o ON o.id = p.student_id
                       WHERE p.completion_status = 'completed' AND o.is_active AND o.classroom_id = ANY(?::uuid[])) done
                ON done.student_id = s.id
            GROUP BY c.id
            ON CONFLICT (classroom_id) DO UPDATE SET
                student_count   = EXCLUDED.student_count,
                active_students = EXCLUDED.active_students
            """;

    private final JdbcClient jdbc;

    ClassroomRollupWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Recounts the classrooms in {@code rosterChanged} and the roster classrooms of the students in
     * {@code completionChanged}; must run after the batch's roster and progress writes. Public for the
     * retention job, which deletes old progress rows and recounts their students' classrooms the same way.
     */
    public void recount(Set<String> rosterChanged, Set<String> completionChanged) {
        Set<String> classrooms = new TreeSet<>(rosterChanged);
        if (!completionChanged.isEmpty()) {
            classrooms.addAll(jdbc.sql(ROSTER_CLASSROOMS)
                    .param(new SqlArrayValue("uuid", completionChanged.toArray()))
                    .query(String.class)
                    .list());
        }
        if (classrooms.isEmpty()) {
            return;
        }
        List<String> ids = List.copyOf(classrooms);
        jdbc.sql(LOCK_ROLLUPS).param(new SqlArrayValue("uuid", ids.toArray())).update();
        jdbc.sql(RECOUNT)
                .params(new SqlArrayValue("uuid", ids.toArray()), new SqlArrayValue("uuid", ids.toArray()))
                .update();
    }
}
