package org.heroes.analytics.query.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.NetworkAddresses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Issue 17, finding 6: the {@code local} profile's demo sign-in handed a facilitator token to anyone on the network.
 * Here the service listens on every interface (as a careless override would make it) and the demo sign-in must still
 * answer only a client on the loopback: from this machine's non-loopback address it is as absent as any unknown path.
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=query-service", "server.address=0.0.0.0"})
@ActiveProfiles("local")
class DemoSignInIT extends QueryIntegrationTest {

    private static final UUID DEMO_FACILITATOR = UUID.randomUUID();
    private static final Path DEMO_TOKEN_FILE = demoTokenFile();

    @DynamicPropertySource
    static void demoToken(DynamicPropertyRegistry registry) {
        registry.add("heroes.query.demo.token-file", DEMO_TOKEN_FILE::toString);
    }

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void theDemoFacilitatorAndItsToken() throws IOException {
        infra.truncateAll();
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        roster.facilitator(DEMO_FACILITATOR);
        roster.classroom(DEMO_FACILITATOR, "demo class", true, Instant.now());
        Files.writeString(DEMO_TOKEN_FILE, infra.tokens().facilitatorToken(DEMO_FACILITATOR, Duration.ofHours(1)));
    }

    @Test
    void aLoopbackClientGetsTheDemoFacilitatorsToken() {
        HttpResponse<String> answer = get(InetAddress.getLoopbackAddress(), "/demo/token");

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode demo = QueryClient.json(answer);
        assertThat(demo.path("facilitatorId").asString()).isEqualTo(DEMO_FACILITATOR.toString());
        HttpResponse<String> classrooms =
                new QueryClient(port).get("/v1/classrooms", demo.path("token").asString());
        assertThat(classrooms.statusCode()).isEqualTo(200);
        assertThat(QueryClient.json(classrooms).size()).isEqualTo(1);
    }

    @Test
    void aClientOnAnotherInterfaceGetsNoDemoToken() {
        Optional<InetAddress> external = NetworkAddresses.nonLoopbackIpv4();
        assumeTrue(
                external.isPresent(),
                "this machine has no non-loopback IPv4 address: a remote client cannot be played here"
                        + " (DemoTokenControllerTest checks the rule with a made-up remote address)");
        assertThat(get(external.get(), "/actuator/health").statusCode())
                .as("the service answers on %s (it listens on every interface here)", external.get())
                .isEqualTo(200);

        HttpResponse<String> answer = get(external.get(), "/demo/token");

        assertThat(answer.statusCode())
                .as("/demo/token from %s", external.get())
                .isEqualTo(404);
        assertThat(answer.body()).doesNotContain("token\"");
    }

    private HttpResponse<String> get(InetAddress host, String path) {
        URI uri = URI.create("http://" + host.getHostAddress() + ":" + port + path);
        try {
            return http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(30))
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + uri, e);
        }
    }

    private static Path demoTokenFile() {
        try {
            Path file = Files.createTempFile("demo-facilitator", ".jwt");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
