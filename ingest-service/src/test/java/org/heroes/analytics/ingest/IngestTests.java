package org.heroes.analytics.ingest;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;

/** What the ingest ITs that run a broker of their own share: their properties and how they post a batch. */
final class IngestTests {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private IngestTests() {}

    /**
     * The shared infrastructure's {@code HEROES_*} variables, and {@code bootstrapServers} as the service's broker
     * (a {@code @DynamicPropertySource} outranks the shared embedded broker's system property).
     */
    static void useOwnBroker(DynamicPropertyRegistry registry, Supplier<Object> bootstrapServers) {
        HeroesInfrastructure.get().environment().forEach((name, value) -> registry.add(name, () -> value));
        registry.add("spring.kafka.bootstrap-servers", bootstrapServers);
    }

    /** Posts {@code {"events": [items...]}}, each item a JSON object, and waits at most {@code timeout}. */
    static HttpResponse<String> post(int port, String token, List<String> items, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/events"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(timeout)
                .POST(HttpRequest.BodyPublishers.ofString("{\"events\": [" + String.join(",", items) + "]}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
