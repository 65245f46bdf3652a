package org.heroes.analytics.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.GZIPInputStream;
import org.heroes.analytics.eventsjson.MappedBatch;
import org.heroes.analytics.eventsjson.RecordMapper;
import org.heroes.analytics.eventsjson.StrictJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The benchmark's prepared bodies are what the ingest API reads: strict JSON, {@code sentAt}, every event valid. */
class BatchBodiesTest {

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private URI uri;
    private String answer = "{\"accepted\":%d,\"rejected\":[],\"warnings\":[]}";

    private record Received(Headers headers, byte[] body) {}

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/events", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders(), body));
            JsonNode items = StrictJson.read(bodyStream(exchange.getRequestHeaders(), body))
                    .get("events");
            byte[] reply = answer.formatted(items.size()).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(202, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/events");
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void eachBodyIsOneBatchWithTheSentAtOfItsSendingAndEveryEventValid() throws Exception {
        assertBodiesAreRead(false);
    }

    @Test
    void aGzippedBodyIsReadAsOneTextThoughItsSentAtIsAMemberOfItsOwn() throws Exception {
        assertBodiesAreRead(true);
    }

    @Test
    void anAnswerThatDoesNotAcceptEveryEventStopsTheBenchmark() throws Exception {
        answer =
                "{\"accepted\":%d,\"rejected\":[{\"index\":0,\"errors\":[\"eventId: must be a UUID\"]}],\"warnings\":[]}";
        BatchBodies bodies = new BatchBodies(uri, "t", events(3), 3, false);

        assertThatThrownBy(() -> bodies.post(HttpClient.newHttpClient(), 0))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("must be a UUID");
    }

    private void assertBodiesAreRead(boolean gzip) throws Exception {
        List<Map<String, Object>> events = events(5);
        BatchBodies bodies = new BatchBodies(uri, "the-token", events, 2, gzip);
        Instant before = Instant.now().minusMillis(1);

        long accepted = 0;
        for (int i = 0; i < bodies.size(); i++) {
            accepted += bodies.post(HttpClient.newHttpClient(), i);
        }

        assertThat(bodies.size()).isEqualTo(3);
        assertThat(accepted).isEqualTo(5);
        RecordMapper mapper = RecordMapper.events(Clock.systemUTC(), Duration.ofMinutes(5), Duration.ofDays(400));
        List<String> eventIds = new ArrayList<>();
        for (Received request : received) {
            assertThat(request.headers().getFirst("Authorization")).isEqualTo("Bearer the-token");
            assertThat(request.headers().getFirst("Content-Encoding")).isEqualTo(gzip ? "gzip" : null);
            JsonNode body = StrictJson.read(bodyStream(request.headers(), request.body()));
            assertThat(Instant.parse(body.get("sentAt").asString())).isBetween(before, Instant.now());
            List<JsonNode> items = new ArrayList<>();
            body.get("events").forEach(items::add);
            MappedBatch batch = mapper.map(items, body.get("sentAt"), Instant.now());
            assertThat(batch.rejected()).isEmpty();
            items.forEach(item -> eventIds.add(item.get("eventId").asString()));
        }
        assertThat(eventIds)
                .containsExactlyElementsOf(
                        events.stream().map(e -> (String) e.get("eventId")).toList());
    }

    private static InputStream bodyStream(Headers headers, byte[] body) throws IOException {
        InputStream in = new ByteArrayInputStream(body);
        String encoding = headers.getFirst("Content-Encoding");
        return "gzip".equals(encoding) ? new GZIPInputStream(in) : in;
    }

    private static List<Map<String, Object>> events(int count) {
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("kind", "analytics");
            event.put("eventId", "0b6d3c1e-8f7a-4c2b-9d5e-1a2b3c4d5e6" + i);
            event.put("classroomId", "5f0c2a9e-3b1d-4e8f-a7c6-9d8e7f6a5b4c");
            event.put("occurredAt", Instant.now().minusSeconds(60).toString());
            event.put("eventType", "quiz_answered");
            event.put("eventCategory", "assessment");
            event.put("eventValue", (double) i);
            event.put("properties", Map.of("lesson", "3"));
            events.add(event);
        }
        return events;
    }
}
