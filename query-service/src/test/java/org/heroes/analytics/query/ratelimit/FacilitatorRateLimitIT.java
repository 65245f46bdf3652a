package org.heroes.analytics.query.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The query API's per-facilitator rate limit with its default settings, against the real service and database: a
 * script hammering the API as facilitator A, with a fresh token for every request, is answered 429 with {@code
 * Retry-After} (the limit follows the facilitator, not the token), while facilitator B, opening a classroom's dashboard page every half second at the same
 * time (faster than anyone clicks), is served every request; once A has waited the {@code Retry-After} it named, A is served again.
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=query-service")
class FacilitatorRateLimitIT extends QueryIntegrationTest {

    /** More than any default burst and refill of a few seconds could serve: a script, not a person. */
    private static final int HAMMER_AT_MOST = 600;

    /** A script's concurrency: enough to outrun the sustained rate on a busy machine. */
    private static final int SCRIPT_THREADS = 4;

    private static final Logger LOG = LoggerFactory.getLogger(FacilitatorRateLimitIT.class);

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final TokenIssuer tokens = infra.tokens();
    private final Roster roster = new Roster(infra.dataSource(DbRole.WRITER));

    @Test
    void aFacilitatorHammeringTheApiIsToldToWaitWhileAnotherLoadingPagesIsServed() throws Exception {
        Facilitator a = Facilitator.rostered(roster);
        Facilitator b = Facilitator.rostered(roster);
        QueryClient client = new QueryClient(port);
        List<Integer> bStatuses = new CopyOnWriteArrayList<>();
        ScheduledExecutorService dashboard = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<HttpResponse<String>> refused = new AtomicReference<>();
        AtomicInteger served = new AtomicInteger();
        ExecutorService script = Executors.newFixedThreadPool(SCRIPT_THREADS);
        try {
            dashboard.scheduleAtFixedRate(
                    () -> b.pageLoad(client, tokens).forEach(bStatuses::add), 0, 500, TimeUnit.MILLISECONDS);
            AtomicInteger sent = new AtomicInteger();
            for (int t = 0; t < SCRIPT_THREADS; t++) {
                script.execute(() -> {
                    while (refused.get() == null && sent.incrementAndGet() <= HAMMER_AT_MOST) {
                        // a token of its own each time (its jti differs): the limit follows the facilitator
                        HttpResponse<String> answer = client.get(a.progressPath(), a.token(tokens));
                        if (answer.statusCode() == 429) {
                            refused.compareAndSet(null, answer);
                        } else if (answer.statusCode() == 200) {
                            served.incrementAndGet();
                        }
                    }
                });
            }
            await("A refused, or all of A's requests answered")
                    .atMost(Duration.ofMinutes(3))
                    .until(() -> refused.get() != null || sent.get() >= HAMMER_AT_MOST + SCRIPT_THREADS);
            await("B loads pages while A is refused")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> bStatuses.size() >= 18);
        } finally {
            script.shutdownNow();
            dashboard.shutdownNow();
        }

        assertThat(refused.get())
                .as("A's %d requests from %d threads, %d served", HAMMER_AT_MOST, SCRIPT_THREADS, served.get())
                .isNotNull();
        assertThat(served.get())
                .as("served before the refusal: the burst, at least")
                .isGreaterThanOrEqualTo(60);
        assertThat(refused.get().headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(QueryClient.json(refused.get()).get("title").asString()).isEqualTo("Rate limit spent");
        long retryAfter = refused.get()
                .headers()
                .firstValue("Retry-After")
                .map(Long::parseLong)
                .orElseThrow();
        assertThat(retryAfter).isBetween(1L, 60L);
        LOG.info(
                "A: {} requests served, then 429 with Retry-After {} s; B: {} requests, all 200",
                served.get(),
                retryAfter,
                bStatuses.size());
        assertThat(bStatuses).as("B's dashboard requests meanwhile").containsOnly(200);

        await("A served again after waiting the Retry-After it was given")
                .pollDelay(Duration.ofSeconds(retryAfter))
                .pollInterval(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(retryAfter + 10))
                .until(() -> client.get(a.progressPath(), a.token(tokens)).statusCode() == 200);
        assertThat(prometheus()).contains("query_rate_limited_total");
    }

    private String prometheus() throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /** A facilitator with one classroom. */
    private record Facilitator(UUID id, UUID classroom) {

        static Facilitator rostered(Roster roster) {
            UUID id = roster.facilitator(UUID.randomUUID());
            return new Facilitator(
                    id, roster.classroom(id, "rate-" + id.toString().substring(0, 8), true, Instant.now()));
        }

        String token(TokenIssuer tokens) {
            return tokens.facilitatorToken(id, Duration.ofMinutes(10));
        }

        String progressPath() {
            return "/v1/classrooms/" + classroom + "/progress";
        }

        /** What the dashboard asks for when a facilitator opens a classroom: its list, then the page's four. */
        List<Integer> pageLoad(QueryClient client, TokenIssuer tokens) {
            String token = token(tokens);
            String range = "from=2026-11-01T00:00:00Z&to=2026-11-08T00:00:00Z";
            String base = "/v1/classrooms/" + classroom;
            return List.of(
                            "/v1/classrooms",
                            base + "/analytics?" + range,
                            base + "/analytics/timeseries?" + range + "&bucket=day",
                            base + "/progress",
                            base + "/feedback?" + range)
                    .stream()
                    .map(path -> client.get(path, token).statusCode())
                    .toList();
        }
    }
}
