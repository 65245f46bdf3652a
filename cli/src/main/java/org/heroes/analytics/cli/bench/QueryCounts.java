package org.heroes.analytics.cli.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What the query API answers one facilitator: the classrooms it lists, and the analytics events it counts in one. */
final class QueryCounts {

    private final HttpClient http;
    private final URI queryUrl;
    private final String facilitatorToken;
    private final Instant from;
    private final Instant to;
    private final JsonMapper json = JsonMapper.builder().build();

    QueryCounts(HttpClient http, URI queryUrl, String facilitatorToken, Instant from, Instant to) {
        this.http = http;
        this.queryUrl = queryUrl;
        this.facilitatorToken = facilitatorToken;
        this.from = from;
        this.to = to;
    }

    /** The ids of the classrooms {@code GET /v1/classrooms} lists. */
    Set<String> listed() throws IOException, InterruptedException {
        Set<String> ids = new HashSet<>();
        get(queryUrl.resolve("/v1/classrooms"))
                .forEach(row -> ids.add(row.path("id").asString()));
        return ids;
    }

    /** The analytics events {@code GET /v1/classrooms/{id}/analytics} counts over the benchmark's range. */
    long analyticsEvents(String classroomId) throws IOException, InterruptedException {
        long total = 0;
        for (JsonNode group :
                get(queryUrl.resolve("/v1/classrooms/%s/analytics?from=%s&to=%s".formatted(classroomId, from, to)))) {
            total += group.path("eventCount").asLong();
        }
        return total;
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + facilitatorToken)
                .GET()
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            // a 429 included: the benchmark's query-service must run with its rate limit out of the way
            throw new IllegalStateException(
                    "query API answered %d to %s: %s".formatted(response.statusCode(), uri, response.body()));
        }
        return json.readTree(response.body());
    }
}
