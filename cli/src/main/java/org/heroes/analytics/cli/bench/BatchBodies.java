package org.heroes.analytics.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.heroes.analytics.client.Gzip;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Events as {@code POST /v1/events} request bodies in batches, their JSON written once, before any is sent: a load
 * generator that writes each event's JSON per request spent more CPU per event than the service it measured (issue
 * 22). What is left per request is what the client library does at sending: the {@code sentAt} of that moment, put
 * before the batch's prepared rest ({@code {"sentAt":"...",} + {@code "events":[...]}}), and with gzip a gzip member
 * of its own (a gzip stream may be several members, which the service's {@code GZIPInputStream} reads as one text).
 */
final class BatchBodies {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI uri;
    private final String authorization;
    private final boolean gzip;
    /** Per batch: {@code "events":[...]}} as UTF-8, gzipped when {@link #gzip}. */
    private final List<byte[]> rests;

    private final int[] sizes;

    BatchBodies(URI uri, String token, List<Map<String, Object>> events, int batch, boolean gzip) {
        this.uri = uri;
        this.authorization = "Bearer " + token;
        this.gzip = gzip;
        this.rests = new ArrayList<>();
        this.sizes = new int[(events.size() + batch - 1) / batch];
        for (int from = 0, i = 0; from < events.size(); from += batch, i++) {
            List<Map<String, Object>> items = events.subList(from, Math.min(events.size(), from + batch));
            byte[] rest = rest(items);
            rests.add(gzip ? Gzip.bestSpeed(rest) : rest);
            sizes[i] = items.size();
        }
    }

    /** How many bodies there are. */
    int size() {
        return rests.size();
    }

    /**
     * Posts body {@code index} with the {@code sentAt} of now and returns how many of its events were accepted.
     *
     * @throws IllegalStateException if the answer is not a 202 that accepted every event
     */
    long post(HttpClient http, int index) throws IOException, InterruptedException {
        byte[] head = utf8("{\"sentAt\":\"" + Instant.now().truncatedTo(ChronoUnit.MILLIS) + "\",");
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArrays(
                        List.of(gzip ? Gzip.bestSpeed(head) : head, rests.get(index))));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        String body = new String(response.body(), StandardCharsets.UTF_8);
        if (response.statusCode() != 202) {
            throw new IllegalStateException("ingest answered " + response.statusCode() + ": " + body);
        }
        JsonNode answer = JSON.readTree(response.body());
        long accepted = answer.path("accepted").asLong();
        if (accepted != sizes[index] || !answer.path("rejected").isEmpty()) {
            throw new IllegalStateException("ingest took " + accepted + " of " + sizes[index] + " events: " + body);
        }
        return accepted;
    }

    private static byte[] rest(List<Map<String, Object>> items) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 400);
        out.writeBytes(utf8("\"events\":["));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(JSON.writeValueAsBytes(items.get(i)));
        }
        out.writeBytes(utf8("]}"));
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
