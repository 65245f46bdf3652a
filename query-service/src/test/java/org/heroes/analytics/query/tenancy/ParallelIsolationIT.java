package org.heroes.analytics.query.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Rollups;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Two facilitators hammer the service at once over a pool of two connections through PgBouncer (transaction
 * pooling), so their transactions keep landing on the same server connections one after the other: every answer
 * holds the caller's rows only, and every classroom of the other facilitator is a 404. Each facilitator's events
 * carry a type of their own, so a foreign row in any answer is visible.
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=query-service",
            "spring.datasource.hikari.maximum-pool-size=2",
            QueryIntegrationTest.NO_RATE_LIMIT
        })
class ParallelIsolationIT extends QueryIntegrationTest {

    private static final int PARALLEL = 50;
    /** 2 000 requests by default (about 30 s here); {@code -Disolation.rounds=200} for a longer soak. */
    private static final int ROUNDS = Integer.getInteger("isolation.rounds", 40);

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-03T00:00:00Z");

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final TokenIssuer tokens = infra.tokens();
    private final ExecutorService clients = Executors.newFixedThreadPool(PARALLEL);
    private final Tenant alice = new Tenant(UUID.randomUUID(), "alice");
    private final Tenant bob = new Tenant(UUID.randomUUID(), "bob");
    private QueryClient api;

    /** A facilitator, their classrooms, and the one event type their events carry. */
    private final class Tenant {
        final UUID id;
        final String eventType;
        final List<UUID> classrooms = new ArrayList<>();
        final String token;

        Tenant(UUID id, String name) {
            this.id = id;
            this.eventType = name + "_event";
            this.token = tokens.facilitatorToken(id, Duration.ofMinutes(10));
        }
    }

    @BeforeEach
    void twoFacilitators() {
        infra.truncateAll();
        api = new QueryClient(port);
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        for (Tenant tenant : List.of(alice, bob)) {
            roster.facilitator(tenant.id);
            for (int c = 0; c < 3; c++) {
                UUID classroom = roster.classroom(tenant.id, tenant.eventType + c, true, FROM.minusSeconds(c));
                tenant.classrooms.add(classroom);
                UUID student = roster.student(classroom, true);
                roster.progress(student, classroom, 1 + c, "completed");
                roster.feedback(classroom, student, 1 + c);
                for (int e = 0; e < 5; e++) {
                    roster.event(classroom, tenant.eventType, "quiz", 1.0 + e, FROM.plusSeconds(1800L * e + 7));
                }
            }
        }
        new Rollups(infra.dataSource(DbRole.WRITER)).derive();
    }

    @AfterEach
    void stopClients() {
        clients.shutdownNow();
    }

    @Test
    void parallelRequestsOfTwoFacilitatorsOverTwoConnectionsSeeNoForeignRow() {
        Random random = new Random();
        int checked = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<CompletableFuture<Void>> requests = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                boolean asAlice = random.nextBoolean();
                Tenant caller = asAlice ? alice : bob;
                Tenant other = asAlice ? bob : alice;
                int kind = random.nextInt(7);
                int classroom = random.nextInt(3);
                requests.add(CompletableFuture.runAsync(() -> ask(caller, other, kind, classroom), clients));
            }
            CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
            checked += requests.size();
        }
        assertThat(checked).isEqualTo(PARALLEL * ROUNDS);
    }

    private void ask(Tenant caller, Tenant other, int kind, int index) {
        UUID mine = caller.classrooms.get(index);
        String range = "from=" + FROM + "&to=" + TO;
        switch (kind) {
            case 0 -> {
                JsonNode list = ok(api.get("/v1/classrooms", caller.token));
                Set<String> ids = new HashSet<>();
                list.forEach(c -> ids.add(c.get("id").asString()));
                assertThat(ids).as("classrooms of " + caller.eventType).isEqualTo(ids(caller));
            }
            case 1 -> {
                JsonNode groups = ok(api.get("/v1/classrooms/" + mine + "/analytics?" + range, caller.token));
                assertThat(groups.size()).isEqualTo(1);
                assertThat(groups.get(0).get("eventType").asString()).isEqualTo(caller.eventType);
                assertThat(groups.get(0).get("eventCount").asInt()).isEqualTo(5);
            }
            case 2 -> {
                JsonNode series = ok(
                        api.get("/v1/classrooms/" + mine + "/analytics/timeseries?bucket=hour&" + range, caller.token));
                long total = 0;
                for (JsonNode bucket : series) {
                    total += bucket.get("eventCount").asLong();
                }
                assertThat(total).isEqualTo(5);
            }
            case 3 -> {
                JsonNode lessons = ok(api.get("/v1/classrooms/" + mine + "/progress", caller.token));
                long completed = 0;
                for (JsonNode lesson : lessons) {
                    completed += lesson.get("completed").asLong();
                }
                assertThat(completed).isEqualTo(1);
                assertThat(lessons.get(index).get("completed").asLong()).isEqualTo(1);
            }
            case 4 -> {
                JsonNode feedback = ok(api.get(
                        "/v1/classrooms/" + mine + "/feedback?from=" + FROM.minusSeconds(86_400) + "&to="
                                + Instant.now().plusSeconds(86_400),
                        caller.token));
                assertThat(feedback.size()).isEqualTo(1);
                assertThat(feedback.get(0).get("lessonId").asInt()).isEqualTo(index + 1);
            }
            default -> {
                UUID theirs = other.classrooms.get(index);
                String path = kind == 5
                        ? "/v1/classrooms/" + theirs + "/analytics?" + range
                        : "/v1/classrooms/" + theirs + "/progress";
                assertThat(api.get(path, caller.token).statusCode())
                        .as(caller.eventType + " asking for " + path)
                        .isEqualTo(404);
            }
        }
    }

    private static Set<String> ids(Tenant tenant) {
        Set<String> ids = new HashSet<>();
        tenant.classrooms.forEach(id -> ids.add(id.toString()));
        return ids;
    }

    private static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode())
                .as(response.uri() + " " + response.body())
                .isEqualTo(200);
        return QueryClient.json(response);
    }
}
