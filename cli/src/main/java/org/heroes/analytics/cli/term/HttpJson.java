package org.heroes.analytics.cli.term;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON over HTTP with a bearer token: the little the demo needs of the query API (ingest goes through {@code client}). */
final class HttpJson {

    /**
     * An answer: status, parsed body (null when the body is empty), and the headers the demo reads ({@code
     * Retry-After}; {@code X-Time-Zone}, the zone a time series cut its days in; null when absent).
     */
    record Answer(int status, JsonNode body, String retryAfter, String timeZone) {}

    private final HttpClient http;
    private final JsonMapper json = JsonMapper.builder().build();

    HttpJson() {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    Answer get(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        return send(request);
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isBlank() ? null : json.readTree(response.body());
        return new Answer(
                response.statusCode(),
                body,
                response.headers().firstValue("Retry-After").orElse(null),
                response.headers().firstValue("X-Time-Zone").orElse(null));
    }
}
