package org.heroes.analytics.query.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The helper every read goes through, as heroes_reader through PgBouncer. */
class FacilitatorReadsIT {

    private static final String COUNT_CLASSROOMS = "SELECT count(*) FROM classrooms";

    private static HeroesInfrastructure infra;

    private final UUID facilitator = UUID.randomUUID();
    private final UUID otherFacilitator = UUID.randomUUID();
    private FacilitatorReads reads;

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
        reads = new TransactionalFacilitatorReads(
                infra.dataSource(DbRole.READER), new ReadProperties(Duration.ofSeconds(7)));
    }

    @AfterEach
    void signOut() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void readSeesTheAuthenticatedFacilitatorsRowsOnly() {
        signIn(facilitator);
        Long own = reads.read(db -> db.single(COUNT_CLASSROOMS, Map.of(), Long.class));
        signIn(otherFacilitator);
        Long theirs = reads.read(db -> db.single(COUNT_CLASSROOMS, Map.of(), Long.class));

        assertThat(own).isEqualTo(2);
        assertThat(theirs).isEqualTo(1);
    }

    @Test
    void settingsAreTransactionLocal() {
        signIn(facilitator);
        List<String> inside = reads.read(db -> db.list(
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
    void readIsReadOnly() {
        signIn(facilitator);
        String readOnly =
                reads.read(db -> db.single("SELECT current_setting('transaction_read_only')", Map.of(), String.class));

        assertThat(readOnly).isEqualTo("on");
    }

    @Test
    void readWithoutAuthenticatedFacilitatorIsRefused() {
        assertThatThrownBy(() -> reads.read(db -> db.single(COUNT_CLASSROOMS, Map.of(), Long.class)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void instantParametersAreBoundAsTimestamps() {
        signIn(facilitator);
        Long visible = reads.read(db -> db.single(
                "SELECT count(*) FROM classrooms WHERE created_at >= :from",
                Map.of("from", Instant.parse("2026-11-01T00:00:00Z")),
                Long.class));
        assertThat(visible).isEqualTo(2);
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
