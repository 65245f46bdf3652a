package org.heroes.analytics.query.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What heroes_reader sees through PgBouncer, whatever the code above it does: nothing without a facilitator id
 * set in its transaction, and only that facilitator's rows with one. Every table the reader can read is checked,
 * so a table added later without a policy fails here.
 */
class ReaderRowLevelSecurityIT {

    private static final List<String> APPLICATION_TABLES = List.of(
            "analytics_events",
            "analytics_hourly_rollup",
            "classroom_rollup",
            "classroom_watermarks",
            "classrooms",
            "facilitators",
            "feedback_hourly_rollup",
            "progress_rollup",
            "retention_horizon",
            "student_feedback",
            "student_progress",
            "students");

    private static final String READABLE_TABLES = """
            SELECT c.oid::regclass::text
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND has_any_column_privilege(current_user, c.oid, 'SELECT')
            ORDER BY 1
            """;

    private static HeroesInfrastructure infra;
    private static DataSource reader;

    private final UUID facilitator = UUID.randomUUID();
    private final UUID otherFacilitator = UUID.randomUUID();

    @BeforeAll
    static void migrated() {
        infra = HeroesInfrastructure.get();
        infra.migrate();
        reader = infra.dataSource(DbRole.READER);
    }

    @BeforeEach
    void oneRowOfEachKind() {
        infra.truncateAll();
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        roster.facilitator(facilitator);
        roster.facilitator(otherFacilitator);
        for (UUID owner : List.of(facilitator, otherFacilitator)) {
            UUID classroom = roster.classroom(owner, "room", true, Instant.parse("2026-11-01T00:00:00Z"));
            UUID student = roster.student(classroom, true);
            roster.progress(student, classroom, 1, "completed");
            roster.event(classroom, "lesson_started", "lesson", 1.0, Instant.parse("2026-11-02T00:00:00Z"));
            roster.feedback(classroom, student, 1);
            roster.rollups(classroom);
        }
        // one row, shared by every facilitator, hidden from a transaction that names none
        new JdbcTemplate(infra.dataSource(DbRole.WRITER))
                .update("INSERT INTO retention_horizon (horizon) VALUES ('2025-01-01T00:00:00Z')");
    }

    @Test
    void readerCanReadExactlyTheApplicationTables() throws SQLException {
        try (Connection connection = reader.getConnection()) {
            assertThat(strings(connection, READABLE_TABLES)).containsExactlyInAnyOrderElementsOf(APPLICATION_TABLES);
        }
    }

    @Test
    void withoutFacilitatorIdEveryReadableTableIsEmpty() throws SQLException {
        try (Connection connection = reader.getConnection()) {
            for (String table : strings(connection, READABLE_TABLES)) {
                assertThat(count(connection, table)).as(table).isZero();
            }
        }
    }

    @Test
    void withEmptyFacilitatorIdEveryReadableTableIsEmpty() throws SQLException {
        try (Connection connection = reader.getConnection()) {
            connection.setAutoCommit(false);
            actFor(connection, "");
            for (String table : strings(connection, READABLE_TABLES)) {
                assertThat(count(connection, table)).as(table).isZero();
            }
            connection.rollback();
        }
    }

    @Test
    void withFacilitatorIdOnlyThatFacilitatorsRowsAreVisible() throws SQLException {
        try (Connection connection = reader.getConnection()) {
            connection.setAutoCommit(false);
            actFor(connection, facilitator.toString());
            for (String table : APPLICATION_TABLES) {
                assertThat(count(connection, table)).as(table).isEqualTo(1);
            }
            assertThat(strings(connection, "SELECT facilitator_id::text FROM classrooms"))
                    .containsExactly(facilitator.toString());
            connection.commit();
        }
    }

    /**
     * The policy's test finds the row's classroom in the text of the facilitator's classroom list (migration V18)
     * rather than parsing it: each of a facilitator's many classrooms is visible, and another facilitator's classroom
     * whose id is one of theirs with the last digit changed is not, in the raw table and in its rollup.
     */
    @Test
    void aClassroomWhoseIdIsOneDigitFromAVisibleOnesStaysInvisible() throws SQLException {
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        Instant at = Instant.parse("2026-11-03T00:00:00Z");
        List<UUID> theirs = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            UUID classroom = roster.classroom(facilitator, "room" + i, true, at);
            roster.event(classroom, "lesson_started", "lesson", 1.0, at);
            roster.rollups(classroom);
            theirs.add(classroom);
        }
        String id = theirs.get(5).toString();
        UUID neighbour = UUID.fromString(id.substring(0, 35) + (id.endsWith("0") ? "1" : "0"));
        new JdbcTemplate(infra.dataSource(DbRole.WRITER)).update("""
                INSERT INTO classrooms (id, facilitator_id, name, classroom_code, is_active, created_at, updated_at)
                VALUES (?, ?, 'neighbour', 'CODE-NEIGHBOUR', true, now(), now())
                """, neighbour, otherFacilitator);
        roster.event(neighbour, "lesson_started", "lesson", 1.0, at);
        roster.rollups(neighbour);

        try (Connection connection = reader.getConnection()) {
            connection.setAutoCommit(false);
            actFor(connection, facilitator.toString());
            for (String table : List.of("classrooms", "analytics_events", "analytics_hourly_rollup")) {
                String column = table.equals("classrooms") ? "id" : "classroom_id";
                assertThat(strings(connection, "SELECT count(DISTINCT " + column + ") FROM " + table))
                        .as(table)
                        .containsExactly("12");
                assertThat(strings(
                                connection,
                                "SELECT count(*) FROM " + table + " WHERE " + column + " = '" + neighbour + "'"))
                        .as(table + ", the neighbour's rows")
                        .containsExactly("0");
            }
            connection.commit();
        }
    }

    @Test
    void facilitatorIdEndsWithItsTransaction() throws SQLException {
        try (Connection connection = reader.getConnection()) {
            connection.setAutoCommit(false);
            actFor(connection, facilitator.toString());
            assertThat(count(connection, "classrooms")).isEqualTo(1);
            connection.commit();

            for (String table : APPLICATION_TABLES) {
                assertThat(count(connection, table)).as(table).isZero();
            }
            connection.commit();
        }
    }

    @Test
    void readerCannotWrite() throws SQLException {
        try (Connection connection = reader.getConnection()) {
            connection.setAutoCommit(false);
            actFor(connection, facilitator.toString());
            assertThatThrownBy(() -> strings(connection, "DELETE FROM classrooms RETURNING id::text"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied");
            connection.rollback();
        }
    }

    /**
     * As query-service says whom it acts for (migration V14's {@code act_for_facilitator}); an empty id is set as the
     * bare setting, what a pooled connection shows after an earlier transaction.
     */
    private static void actFor(Connection connection, String facilitatorId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                facilitatorId.isEmpty()
                        ? "SELECT set_config('app.facilitator_id', ?, true)"
                        : "SELECT act_for_facilitator(?::uuid)")) {
            statement.setString(1, facilitatorId);
            statement.executeQuery().close();
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        return Long.parseLong(
                strings(connection, "SELECT count(*) FROM " + table).get(0));
    }

    private static List<String> strings(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
