package org.heroes.analytics.query.classrooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Rollups;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.TokenKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The query API end to end: the real service on a random port, reading as heroes_reader through PgBouncer from
 * rows the writer put in, called with real tokens.
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=query-service",
            // the names of the readiness group's members (the service itself never shows them)
            "management.endpoint.health.group.readiness.show-components=always"
        })
class ClassroomApiIT extends QueryIntegrationTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-08T00:00:00Z");

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final TokenIssuer tokens = infra.tokens();

    private final UUID facilitator = UUID.randomUUID();
    private final UUID otherFacilitator = UUID.randomUUID();
    private UUID older;
    private UUID empty;
    private UUID inactive;
    private UUID newest;
    private UUID othersClassroom;

    @BeforeEach
    void roster() {
        infra.truncateAll();
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        roster.facilitator(facilitator);
        roster.facilitator(otherFacilitator);

        older = roster.classroom(facilitator, "older", true, Instant.parse("2026-09-01T08:00:00Z"));
        UUID completedTwo = roster.student(older, true);
        roster.progress(completedTwo, older, 1, "completed");
        roster.progress(completedTwo, older, 2, "completed");
        UUID inProgress = roster.student(older, true);
        roster.progress(inProgress, older, 1, "in_progress");
        roster.student(older, true);
        UUID leftButCompleted = roster.student(older, false);
        roster.progress(leftButCompleted, older, 1, "completed");

        empty = roster.classroom(facilitator, "empty", true, Instant.parse("2026-10-01T08:00:00Z"));
        inactive = roster.classroom(facilitator, "inactive", false, Instant.parse("2026-10-15T08:00:00Z"));

        newest = roster.classroom(facilitator, "newest", true, Instant.parse("2026-11-01T08:00:00Z"));
        UUID a = roster.student(newest, true);
        roster.progress(a, newest, 3, "completed");
        roster.progress(a, newest, 4, "not_started");
        UUID b = roster.student(newest, true);
        roster.progress(b, newest, 3, "completed");

        othersClassroom = roster.classroom(otherFacilitator, "theirs", true, Instant.parse("2026-11-20T08:00:00Z"));
        UUID theirStudent = roster.student(othersClassroom, true);
        roster.progress(theirStudent, othersClassroom, 1, "completed");

        // in range for "older": 4 hints, 3 lesson starts (one at exactly FROM), 3 quiz answers, 1 video without value
        for (int i = 0; i < 4; i++) {
            roster.event(older, "hint_used", "quiz", 0.25, FROM.plusSeconds(3600 + i));
        }
        roster.event(older, "lesson_started", "lesson", 1.0, FROM);
        roster.event(older, "lesson_started", "lesson", 2.0, FROM.plusSeconds(60));
        roster.event(older, "lesson_started", "lesson", null, FROM.plusSeconds(120));
        roster.event(older, "quiz_answered", "quiz", 10.0, FROM.plusSeconds(7200));
        roster.event(older, "quiz_answered", "quiz", 20.0, FROM.plusSeconds(7201));
        roster.event(older, "quiz_answered", "quiz", 40.0, TO.minusMillis(1));
        roster.event(older, "video_played", "media", null, FROM.plusSeconds(9000));
        // outside the range, or another classroom's
        roster.event(older, "hint_used", "quiz", 99.0, TO);
        roster.event(older, "hint_used", "quiz", 99.0, FROM.minusMillis(1));
        roster.event(newest, "hint_used", "quiz", 99.0, FROM.plusSeconds(3600));
        roster.event(othersClassroom, "hint_used", "quiz", 99.0, FROM.plusSeconds(3600));
        new Rollups(infra.dataSource(DbRole.WRITER)).derive();
    }

    @Test
    void classroomsAreTheCallersActiveOnesNewestFirstWithExactCounts() throws Exception {
        HttpResponse<String> response = get("/v1/classrooms", facilitatorToken(facilitator));

        assertThat(response.statusCode()).isEqualTo(200);
        List<Map<String, Object>> classrooms = list(response);
        assertThat(classrooms)
                .extracting(c -> c.get("id"), c -> c.get("studentCount"), c -> c.get("activeStudents"))
                .containsExactly(
                        tuple(newest.toString(), 2, 2), tuple(empty.toString(), 0, 0), tuple(older.toString(), 3, 1));
        assertThat(classrooms.get(0))
                .containsEntry("name", "newest")
                .containsEntry("classroomCode", "CODE-NEWEST")
                .containsEntry("createdAt", "2026-11-01T08:00:00Z");
    }

    @Test
    void anotherFacilitatorSeesOnlyTheirOwnClassroom() throws Exception {
        HttpResponse<String> response = get("/v1/classrooms", facilitatorToken(otherFacilitator));

        assertThat(list(response)).extracting(c -> c.get("id")).containsExactly(othersClassroom.toString());
    }

    @Test
    void facilitatorWithoutClassroomsGetsAnEmptyList() throws Exception {
        HttpResponse<String> response = get("/v1/classrooms", facilitatorToken(UUID.randomUUID()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(list(response)).isEmpty();
    }

    @Test
    void analyticsCountsAndAveragesOverTheHalfOpenRange() throws Exception {
        HttpResponse<String> response = get(analytics(older, FROM, TO), facilitatorToken(facilitator));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(list(response))
                .containsExactly(
                        group("hint_used", "quiz", 4, 0.25),
                        group("lesson_started", "lesson", 3, 1.5),
                        group("quiz_answered", "quiz", 3, 70.0 / 3),
                        group("video_played", "media", 1, null));
    }

    @Test
    void analyticsOfAdjacentRangesCountTheBoundaryEventOnce() throws Exception {
        String token = facilitatorToken(facilitator);
        HttpResponse<String> after = get(analytics(older, TO, TO.plusSeconds(3600)), token);
        HttpResponse<String> before = get(analytics(older, FROM.minusSeconds(3600), FROM), token);

        assertThat(list(after)).containsExactly(group("hint_used", "quiz", 1, 99.0));
        assertThat(list(before)).containsExactly(group("hint_used", "quiz", 1, 99.0));
    }

    @Test
    void analyticsOfAnInactiveClassroomOfTheCallerIsServed() throws Exception {
        HttpResponse<String> response = get(analytics(inactive, FROM, TO), facilitatorToken(facilitator));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(list(response)).isEmpty();
    }

    @Test
    void anotherFacilitatorsClassroomIsNotFoundExactlyLikeAMissingOne() throws Exception {
        String token = facilitatorToken(facilitator);
        HttpResponse<String> theirs = get(analytics(othersClassroom, FROM, TO), token);
        HttpResponse<String> missing = get(analytics(UUID.randomUUID(), FROM, TO), token);
        HttpResponse<String> mineForThem = get(analytics(older, FROM, TO), facilitatorToken(otherFacilitator));

        for (HttpResponse<String> response : List.of(theirs, missing, mineForThem)) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            Map<String, Object> problem = map(response);
            assertThat(problem)
                    .containsEntry("status", 404)
                    .containsEntry("title", "Classroom not found")
                    .containsEntry("detail", "No such classroom.");
        }
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() throws Exception {
        String token = facilitatorToken(facilitator);
        String base = "/v1/classrooms/" + older + "/analytics";

        assertBadParameter(get(base + "?to=" + TO, token), "from");
        assertBadParameter(get(base + "?from=" + FROM, token), "to");
        assertBadParameter(get(base + "?from=last-week&to=" + TO, token), "from");
        assertBadParameter(get(base + "?from=" + FROM + "&to=2026-11-08", token), "to");
        assertBadParameter(get(base + "?from=" + TO + "&to=" + FROM, token), "to");
        assertBadParameter(get(base + "?from=" + FROM + "&to=" + FROM, token), "to");
        assertBadParameter(get("/v1/classrooms/not-a-uuid/analytics?from=" + FROM + "&to=" + TO, token), "classroomId");
    }

    @Test
    void ingestTokenIsUnauthorized() throws Exception {
        assertThat(get("/v1/classrooms", tokens.serviceToken(Duration.ofMinutes(5)))
                        .statusCode())
                .isEqualTo(401);
        assertThat(get("/v1/classrooms", tokens.clientToken(older, Duration.ofMinutes(5)))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void missingExpiredOrForeignTokensAreUnauthorized() throws Exception {
        assertThat(get("/v1/classrooms", null).statusCode()).isEqualTo(401);
        assertThat(get("/v1/classrooms", "not.a.token").statusCode()).isEqualTo(401);
        assertThat(get("/v1/classrooms", tokens.facilitatorToken(facilitator, Duration.ofSeconds(-120)))
                        .statusCode())
                .isEqualTo(401);
        TokenIssuer stranger = TokenKeys.generate(
                        Files.createTempDirectory("stranger"), infra.tokenKeys().kid())
                .issuer();
        assertThat(get("/v1/classrooms", stranger.facilitatorToken(facilitator, Duration.ofMinutes(5)))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void subjectThatIsNoUuidIsUnauthorized() throws Exception {
        assertThat(get("/v1/classrooms", queryToken("teacher-7", "analytics:read"))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void tokenWithoutReadScopeIsForbidden() throws Exception {
        assertThat(get("/v1/classrooms", queryToken(facilitator.toString(), "events:write"))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void healthAndDashboardAreOpen() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(map(health)).containsEntry("status", "UP");

        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Heroes Analytics").contains("assets/dashboard.js");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(csp -> assertThat(csp).contains("default-src 'self'"));
        assertThat(get("/assets/dashboard.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/assets/dashboard.css", null).statusCode()).isEqualTo(200);
    }

    @Test
    void readinessIsTheDatabaseAndPrometheusIsOpenWithThePoolsMeters() throws Exception {
        HttpResponse<String> readiness = get("/actuator/health/readiness", null);
        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body()).contains("\"db\":{\"status\":\"UP\"}").doesNotContain("kafka");

        HttpResponse<String> metrics = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                        .header("Accept", "text/plain")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("hikaricp_connections_active{pool=\"query-reader\"}")
                .contains("hikaricp_connections_pending{pool=\"query-reader\"}")
                .contains("http_server_requests_seconds_count{")
                .contains("jvm_memory_used_bytes");
    }

    @Test
    void otherPathsAreClosed() throws Exception {
        assertThat(get("/actuator/env", null).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/env", facilitatorToken(facilitator)).statusCode())
                .isEqualTo(403);
    }

    private void assertBadParameter(HttpResponse<String> response, String parameter) throws Exception {
        assertThat(response.statusCode()).as(response.uri().toString()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(map(response)).containsEntry("status", 400).containsEntry("parameter", parameter);
    }

    private static Map<String, Object> group(String type, String category, int count, Double avg) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("eventType", type);
        group.put("eventCategory", category);
        group.put("eventCount", count);
        group.put("avgValue", avg);
        group.put("avgValueSuppressed", false);
        return group;
    }

    private static String analytics(UUID classroom, Instant from, Instant to) {
        return "/v1/classrooms/" + classroom + "/analytics?from=" + from + "&to=" + to;
    }

    private String facilitatorToken(UUID facilitatorId) {
        return tokens.facilitatorToken(facilitatorId, Duration.ofMinutes(5));
    }

    /** A correctly signed heroes-query token with a subject and scope of the test's choosing. */
    private String queryToken(String subject, String scope) {
        Instant now = Instant.now();
        return infra.tokenKeys()
                .sign(new JWTClaimsSet.Builder()
                        .issuer(TokenIssuer.DEFAULT_ISSUER)
                        .audience("heroes-query")
                        .subject(subject)
                        .claim("scope", scope)
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plusSeconds(300)))
                        .build());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json, application/problem+json, text/html");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Map<String, Object>> list(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<List<Map<String, Object>>>() {});
    }

    private static Map<String, Object> map(HttpResponse<String> response) {
        return JSON.readValue(response.body(), new TypeReference<Map<String, Object>>() {});
    }
}
