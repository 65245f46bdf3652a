package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * V10 (ADR 0021) on a populated database of its own, migrated by Flyway to V9 and filled as the old progress
 * upsert left it (a student's rows in the classroom of the event that wrote them): the rows outside their
 * student's roster classroom move to it, {@code progress_rollup} of the classrooms involved equals the rows again,
 * every other row and count stays as it was; the held events' table comes with the writer's grants only.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class RosterMigrationIT {

    static final String PROGRESS = """
            INSERT INTO student_progress (student_id, lesson_id, classroom_id, completion_status, event_id, updated_at)
            VALUES (?::uuid, ?, ?::uuid, ?, gen_random_uuid(), now())
            """;

    /** progress_rollup as the incremental path keeps it: the rows, counted. */
    static final String ROLLUP = """
            INSERT INTO progress_rollup (classroom_id, lesson_id, completion_status, student_count)
            SELECT classroom_id, lesson_id, completion_status, count(*) FROM student_progress GROUP BY 1, 2, 3
            """;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final JdbcTemplate superuser = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
    private final String database =
            "roster_migration_" + UUID.randomUUID().toString().replace("-", "");
    private final List<SingleConnectionDataSource> connections = new ArrayList<>();
    private final String a = UUID.randomUUID().toString();
    private final String b = UUID.randomUUID().toString();
    private final String c = UUID.randomUUID().toString();
    private final String untouched = UUID.randomUUID().toString();
    private String url;
    private JdbcTemplate db;

    @BeforeEach
    void aDatabaseOfItsOwnAtV9() {
        superuser.execute("CREATE DATABASE " + database + " OWNER heroes_owner");
        url = infra.jdbcUrl(DbRole.SUPERUSER).replace("/heroes_in_waiting", "/" + database);
        flyway("9").migrate();
        var connection = new SingleConnectionDataSource(
                url, infra.user(DbRole.SUPERUSER), infra.password(DbRole.SUPERUSER), true);
        connections.add(connection);
        db = new JdbcTemplate(connection);
    }

    @AfterEach
    void dropTheDatabase() {
        connections.forEach(SingleConnectionDataSource::destroy);
        superuser.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void progressOutsideItsStudentsRosterClassroomMovesThereAndItsCountsFollow() {
        String moved = student(a); // rostered in A, progress written by B's events (the attack, or a move)
        String settled = student(a);
        String unrostered = UUID.randomUUID().toString();
        db.update(PROGRESS, moved, 1, b, "completed");
        db.update(PROGRESS, moved, 2, b, "in_progress");
        db.update(PROGRESS, settled, 1, a, "completed");
        db.update(PROGRESS, unrostered, 1, c, "not_started");
        db.update(ROLLUP);
        db.update("INSERT INTO progress_rollup VALUES (?::uuid, 3, 'completed', 0)", untouched);
        List<String> outside = rollupRows(c, untouched);

        flyway("10").migrate();

        assertThat(db.queryForList(
                        "SELECT classroom_id::text || '/' || lesson_id FROM student_progress WHERE student_id = ?::uuid"
                                + " ORDER BY lesson_id",
                        String.class,
                        moved))
                .containsExactly(a + "/1", a + "/2");
        assertThat(db.queryForObject(
                        "SELECT classroom_id::text FROM student_progress WHERE student_id = ?::uuid",
                        String.class,
                        unrostered))
                .as("a student on no roster keeps their row")
                .isEqualTo(c);
        assertThat(rollupRows(a, b))
                .as("the counts of the classrooms the rows left and joined, as the rows are now")
                .containsExactly(a + ",1,completed,2", a + ",2,in_progress,1");
        assertThat(rollupRows(c, untouched)).as("every other count, as it was").isEqualTo(outside);
    }

    @Test
    void withNothingOutOfPlaceNothingChangesAndTheHeldEventsTableIsTheWritersOnly() {
        String settled = student(a);
        db.update(PROGRESS, settled, 1, a, "completed");
        db.update(ROLLUP);
        db.update("INSERT INTO progress_rollup VALUES (?::uuid, 3, 'completed', 0)", a);
        List<String> before = rollupRows(a, b);

        flyway("10").migrate();

        assertThat(rollupRows(a, b))
                .as("progress_rollup, its zero rows included")
                .isEqualTo(before);
        assertThat(db.queryForList("""
                        SELECT r.rolname || ':' || string_agg(p.privilege_type, ',' ORDER BY p.privilege_type)
                        FROM pg_roles r, unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']) AS p(privilege_type)
                        WHERE r.rolname IN ('heroes_writer', 'heroes_reader', 'heroes_backup')
                          AND has_table_privilege(r.rolname, 'pending_student_events', p.privilege_type)
                        GROUP BY r.rolname ORDER BY r.rolname
                        """, String.class))
                .containsExactly("heroes_backup:SELECT", "heroes_writer:DELETE,INSERT,SELECT");
        assertThat(db.queryForObject(
                        "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'pending_student_events'::regclass",
                        Boolean.class))
                .isTrue();
    }

    private String student(String classroomId) {
        String id = UUID.randomUUID().toString();
        db.update(
                "INSERT INTO students (id, classroom_id, anonymous_id, created_at, updated_at)"
                        + " VALUES (?::uuid, ?::uuid, 'hero', now(), now())",
                id,
                classroomId);
        return id;
    }

    private List<String> rollupRows(String... classrooms) {
        return db.queryForList(
                "SELECT classroom_id::text || ',' || lesson_id || ',' || completion_status || ',' || student_count"
                        + " FROM progress_rollup WHERE classroom_id = ANY(?::uuid[]) ORDER BY 1",
                String.class,
                (Object) classrooms);
    }

    private Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(url, infra.user(DbRole.OWNER), infra.password(DbRole.OWNER))
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }
}
