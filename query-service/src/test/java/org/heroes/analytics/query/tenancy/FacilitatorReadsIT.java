package org.heroes.analytics.query.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.query.tenancy.FacilitatorReads.TwoAnswers;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.Driver;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The helper every read goes through, as heroes_reader through PgBouncer: one round trip, one transaction. */
class FacilitatorReadsIT {

    private static final String COUNT_CLASSROOMS = "SELECT count(*) FROM classrooms";

    private static HeroesInfrastructure infra;

    private final UUID facilitator = UUID.randomUUID();
    private final UUID otherFacilitator = UUID.randomUUID();
    private OneRoundTripFacilitatorReads reads;

    @BeforeAll
    static void migrated() {
        infra = HeroesInfrastructure.get();
        infra.migrate();
    }

    @BeforeEach
    void twoFacilitators() {
        infra.truncateAll();
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        Instant created = Instant.parse("2026-11-01T00:00:00Z");
        roster.classroom(facilitator, "one", true, created);
        roster.classroom(facilitator, "two", false, created);
        roster.classroom(otherFacilitator, "three", true, created);
        reads = new OneRoundTripFacilitatorReads(
                infra.dataSource(DbRole.READER), new ReadProperties(Duration.ofSeconds(7)));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void readSeesTheAuthenticatedFacilitatorsRowsOnly() {
        signIn(facilitator);
        List<Long> own = reads.read(count(COUNT_CLASSROOMS));
        signIn(otherFacilitator);
        List<Long> theirs = reads.read(count(COUNT_CLASSROOMS));

        assertThat(own).containsExactly(2L);
        assertThat(theirs).containsExactly(1L);
    }

    @Test
    void settingsAreTransactionLocal() {
        signIn(facilitator);
        List<String> inside = reads.read(new TenantQuery<>(
                "SELECT current_setting('app.facilitator_id', true), current_setting('statement_timeout')",
                Map.of(),
                (rs, row) -> rs.getString(1) + " " + rs.getString(2)));
        assertThat(inside).containsExactly(facilitator + " 7s");

        // whatever server connection PgBouncer hands out next, nothing of that transaction is left on it
        JdbcTemplate plain = new JdbcTemplate(infra.dataSource(DbRole.READER));
        for (int i = 0; i < 8; i++) {
            assertThat(plain.queryForObject("SELECT current_setting('app.facilitator_id', true)", String.class))
                    .isNullOrEmpty();
            assertThat(plain.queryForObject(COUNT_CLASSROOMS, Long.class)).isZero();
        }
    }

    @Test
    void bothStatementsOfAReadAreOneTransactionActingForTheFacilitator() {
        signIn(facilitator);
        TenantQuery<String> transaction = new TenantQuery<>(
                "SELECT now()::text || ' ' || current_setting('app.facilitator_id', true)",
                Map.of(),
                (rs, row) -> rs.getString(1));

        TwoAnswers<String, String> both = reads.read(transaction, transaction);

        assertThat(both.first()).singleElement().asString().endsWith(" " + facilitator);
        // now() is the start of the transaction: the same for both statements only if they share one
        assertThat(both.second()).isEqualTo(both.first());
    }

    @Test
    void readIsReadOnly() {
        signIn(facilitator);
        List<String> readOnly = reads.read(new TenantQuery<>(
                "SELECT current_setting('transaction_read_only')", Map.of(), (rs, row) -> rs.getString(1)));
        assertThat(readOnly).containsExactly("on");

        // refused as a write in a read-only transaction, before any privilege is looked at
        assertThatThrownBy(
                        () -> reads.read(count("INSERT INTO classrooms (id) VALUES (gen_random_uuid()) RETURNING 1")))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("read-only transaction");
    }

    @Test
    void aFailedReadLeavesNothingBehindOnThePooledConnection() {
        signIn(facilitator);
        assertThatThrownBy(() -> reads.read(count(COUNT_CLASSROOMS), count("SELECT 1 / 0")))
                .isInstanceOf(DataAccessException.class)
                .hasMessageContaining("division by zero");

        // the failed implicit transaction ended with the read: no reader's server connection is left in one ...
        JdbcTemplate superuser = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
        assertThat(superuser.queryForObject(
                        "SELECT count(*) FROM pg_stat_activity WHERE usename = 'heroes_reader' AND state LIKE 'idle in%'",
                        Long.class))
                .isZero();
        // ... and the next reads, on whichever connection and as whoever, see their own rows only
        signIn(otherFacilitator);
        for (int i = 0; i < 8; i++) {
            assertThat(reads.read(count(COUNT_CLASSROOMS))).containsExactly(1L);
        }
    }

    @Test
    void aParameterWithTwoValuesInOneReadIsRefused() {
        signIn(facilitator);
        TenantQuery<Long> one = new TenantQuery<>("SELECT :n::bigint", Map.of("n", 1), (rs, row) -> rs.getLong(1));
        TenantQuery<Long> two = new TenantQuery<>("SELECT :n::bigint", Map.of("n", 2), (rs, row) -> rs.getLong(1));

        assertThatThrownBy(() -> reads.read(one, two))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":n");
        assertThat(reads.read(one, one)).isEqualTo(new TwoAnswers<>(List.of(1L), List.of(1L)));
    }

    @Test
    void aStatementCannotActForAnotherFacilitator() {
        signIn(facilitator);
        TenantQuery<Long> other = new TenantQuery<>(
                COUNT_CLASSROOMS,
                Map.of("actForFacilitatorId", otherFacilitator.toString()),
                (rs, row) -> rs.getLong(1));

        assertThatThrownBy(() -> reads.read(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(":actForFacilitatorId");
    }

    @Test
    void statementsAreKeptApart() {
        signIn(facilitator);
        // a trailing line comment does not swallow the separator before the next statement
        TwoAnswers<Long, Long> commented =
                reads.read(count("SELECT 1 -- one"), count(COUNT_CLASSROOMS + " -- the caller's"));
        assertThat(commented).isEqualTo(new TwoAnswers<>(List.of(1L), List.of(2L)));
        // a statement with a ';' of its own would shift every later result: refused, not mapped
        assertThatThrownBy(() -> reads.read(count("SELECT 1; SELECT 2")))
                .isInstanceOf(InvalidDataAccessResourceUsageException.class)
                .hasMessageContaining("more results than it has statements");
    }

    /**
     * Since migration V14 (ADR 0028) a read is an explicit {@code BEGIN READ ONLY ... COMMIT} block, so its statements
     * share one transaction even when pgjdbc sends each on its own ({@code preferQueryMode=simple}), which before
     * split them into transactions of their own and made the service refuse to start.
     */
    @Test
    void readsShareOneTransactionEvenInSimpleQueryMode() {
        assertThatCode(() -> ((OneRoundTripFacilitatorReads) reads).verifyOneTransaction())
                .doesNotThrowAnyException();

        String url = infra.jdbcUrl(DbRole.READER);
        DataSource simpleQueries = new SimpleDriverDataSource(
                new Driver(),
                url + (url.contains("?") ? "&" : "?") + "preferQueryMode=simple",
                infra.user(DbRole.READER),
                infra.password(DbRole.READER));
        OneRoundTripFacilitatorReads simple =
                new OneRoundTripFacilitatorReads(simpleQueries, new ReadProperties(Duration.ofSeconds(7)));

        assertThatCode(simple::verifyOneTransaction).doesNotThrowAnyException();
    }

    /**
     * A read on a server connection whose session does not forward {@code SET LOCAL} to Citus's workers ({@code
     * citus.propagate_set_commands} is {@code none}, the default) still acts for the facilitator on the workers. That
     * is every connection PgBouncer opened before the distribution step set the setting for heroes_reader (a role
     * setting applies only to backends started after it): on such a connection the workers saw no facilitator and
     * every read of a distributed table answered nothing (issue 20, the Citus demo's term that never landed). Here a
     * backend of heroes_reader straight to PostgreSQL (on Citus the coordinator), its session set to {@code none} at
     * connection time: the state of such a backend, without touching the role others connect as. On one node the
     * setting is a mere placeholder and the read the same.
     */
    @Test
    void aReadOnAConnectionThatDoesNotForwardSetLocalStillActsForTheFacilitatorOnTheWorkers() throws SQLException {
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        Instant created = Instant.parse("2026-11-01T00:00:00Z");
        UUID own = roster.classroom(facilitator, "four", true, created);
        UUID otherOwn = roster.classroom(facilitator, "five", true, created);
        UUID theirs = roster.classroom(otherFacilitator, "six", true, created);
        for (UUID classroom : List.of(own, otherOwn, otherOwn, theirs)) {
            roster.event(classroom, "lesson_started", "lesson", 1.0, created.plusSeconds(60));
        }
        Properties session = new Properties();
        session.setProperty("user", infra.user(DbRole.READER));
        session.setProperty("password", infra.password(DbRole.READER));
        session.setProperty("options", "-c citus.propagate_set_commands=none");

        try (Connection beforeTheDistribution = DriverManager.getConnection(infra.jdbcUrl(DbRole.OWNER), session)) {
            assertThat(propagation(beforeTheDistribution)).isIn(null, "", "none");
            OneRoundTripFacilitatorReads onIt = new OneRoundTripFacilitatorReads(
                    new SingleConnectionDataSource(beforeTheDistribution, true),
                    new ReadProperties(Duration.ofSeconds(7)));

            signIn(facilitator);
            // analytics_events is distributed on Citus: its rows, and the policy on them, are on the workers
            assertThat(onIt.read(count("SELECT count(*) FROM analytics_events")))
                    .containsExactly(3L);
            signIn(otherFacilitator);
            assertThat(onIt.read(count("SELECT count(*) FROM analytics_events")))
                    .containsExactly(1L);
            // whatever the read set for itself ended with its transaction
            assertThat(propagation(beforeTheDistribution)).isIn(null, "", "none");
        }
    }

    @Test
    void readWithoutAuthenticatedFacilitatorIsRefused() {
        assertThatThrownBy(() -> reads.read(count(COUNT_CLASSROOMS))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void instantParametersAreBoundAsTimestamps() {
        signIn(facilitator);
        List<Long> visible = reads.read(new TenantQuery<>(
                "SELECT count(*) FROM classrooms WHERE created_at >= :from",
                Map.of("from", Instant.parse("2026-11-01T00:00:00Z")),
                (rs, row) -> rs.getLong(1)));
        assertThat(visible).containsExactly(2L);
    }

    private static String propagation(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet row =
                        statement.executeQuery("SELECT current_setting('citus.propagate_set_commands', true)")) {
            row.next();
            return row.getString(1);
        }
    }

    private static TenantQuery<Long> count(String sql) {
        return new TenantQuery<>(sql, Map.of(), (rs, row) -> rs.getLong(1));
    }

    private static void signIn(UUID facilitatorId) {
        Jwt jwt = Jwt.withTokenValue("test")
                .header("alg", "HS256")
                .subject(facilitatorId.toString())
                .claim("scope", "analytics:read")
                .build();
        SecurityContextHolder.getContext().setAuthentication(new JwtAuthenticationToken(jwt, List.of()));
    }
}
