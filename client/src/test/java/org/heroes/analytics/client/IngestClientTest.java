package org.heroes.analytics.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a real local HTTP server (the JDK's) that fails in the ways the network and the service do. */
class IngestClientTest {

    final FakeIngest ingest = FakeIngest.start();
    final List<FakeIngest.Answer> script = ingest.script;
    final List<FakeIngest.Seen> seen = ingest.seen;
    final List<byte[]> wire = ingest.wire;
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        ingest.close();
    }

    IngestClient.Builder client() {
        return IngestClient.builder(ingest.uri(), () -> "t0k3n")
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(2))
                .sleeper(waits::add);
    }

    static List<Map<String, Object>> events(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> Map.<String, Object>of(
                        "kind", "progress", "eventId", UUID.randomUUID().toString(), "lessonId", 1))
                .toList();
    }

    @Test
    void batchIsGzippedAndCarriesTheToken() throws Exception {
        script.add(FakeIngest.Answer.accepted(3));

        SendResult result = client().build().sendEvents(events(3));

        assertThat(result).isEqualTo(new SendResult(3, List.of(), 0, List.of()));
        assertThat(seen).singleElement().satisfies(request -> {
            assertThat(request.encoding()).isEqualTo("gzip");
            assertThat(request.authorization()).isEqualTo("Bearer t0k3n");
            assertThat(request.body().path("events")).hasSize(3);
        });
    }

    @Test
    void gzipRunsAtBestSpeed() throws Exception {
        script.add(FakeIngest.Answer.accepted(100));

        client().build().sendEvents(events(100));

        byte[] json = new GZIPInputStream(new ByteArrayInputStream(wire.get(0))).readAllBytes();
        assertThat(wire.get(0))
                .isEqualTo(gzip(json, Deflater.BEST_SPEED))
                .isNotEqualTo(gzip(json, Deflater.DEFAULT_COMPRESSION));
    }

    static byte[] gzip(byte[] bytes, int level) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out) {
            {
                def.setLevel(level);
            }
        }) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void eventsAreSplitIntoBatchesInOrder() throws Exception {
        List<Map<String, Object>> events = events(250);
        script.addAll(List.of(
                FakeIngest.Answer.accepted(100), FakeIngest.Answer.accepted(100), FakeIngest.Answer.accepted(50)));

        SendResult result = client().batchSize(100).build().sendEvents(events);

        assertThat(result.accepted()).isEqualTo(250);
        assertThat(seen).extracting(s -> s.eventIds().size()).containsExactly(100, 100, 50);
        assertThat(seen.stream().flatMap(s -> s.eventIds().stream()))
                .containsExactlyElementsOf(
                        events.stream().map(e -> (String) e.get("eventId")).toList());
    }

    @Test
    void droppedConnectionIsRetriedWithTheSameEventIds() throws Exception {
        script.addAll(List.of(FakeIngest.Answer.DROP, FakeIngest.Answer.accepted(2)));

        SendResult result = client().build().sendEvents(events(2));

        assertThat(result).isEqualTo(new SendResult(2, List.of(), 1, List.of()));
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1).eventIds()).isEqualTo(seen.get(0).eventIds());
    }

    @Test
    void serviceUnavailableIsRetriedWithBackOffAndTheSameEventIds() throws Exception {
        script.addAll(List.of(
                new FakeIngest.Answer(503, null, "{\"status\": 503}"),
                new FakeIngest.Answer(503, null, "{\"status\": 503}"),
                FakeIngest.Answer.accepted(2)));

        SendResult result = client().build().sendEvents(events(2));

        assertThat(result.retries()).isEqualTo(2);
        assertThat(seen)
                .extracting(FakeIngest.Seen::eventIds)
                .containsOnly(seen.get(0).eventIds());
        assertThat(waits).hasSize(2);
        // full jitter: anywhere from nothing to the ceiling, which doubles (BackoffTest pins the distribution)
        assertThat(waits.get(0)).isBetween(Duration.ZERO, Duration.ofMillis(100));
        assertThat(waits.get(1)).isBetween(Duration.ZERO, Duration.ofMillis(200));
    }

    @Test
    void tooManyRequestsWaitsAsRetryAfterSays() throws Exception {
        script.addAll(List.of(new FakeIngest.Answer(429, "7", "{\"status\": 429}"), FakeIngest.Answer.accepted(1)));

        SendResult result = client().build().sendEvents(events(1));

        assertThat(result.accepted()).isEqualTo(1);
        assertThat(waits).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void rejectedEventsAreHandedBackWithTheirIndexInTheCallersList() throws Exception {
        List<Map<String, Object>> events = events(4);
        String rejectedId = (String) events.get(3).get("eventId");
        script.addAll(List.of(
                FakeIngest.Answer.accepted(2),
                new FakeIngest.Answer(
                        202,
                        null,
                        "{\"accepted\": 1, \"rejected\": [{\"index\": 1, \"eventId\": \"" + rejectedId
                                + "\", \"errors\": [\"lessonId: must be an integer from 1 to 12\"]}]}")));

        SendResult result = client().batchSize(2).build().sendEvents(events);

        assertThat(result.accepted()).isEqualTo(3);
        assertThat(result.rejected())
                .containsExactly(
                        new RejectedEvent(3, rejectedId, List.of("lessonId: must be an integer from 1 to 12")));
    }

    @Test
    void fieldsTheServiceDroppedAreNamedInTheResult() throws Exception {
        List<Map<String, Object>> events = events(4);
        String warnedId = (String) events.get(3).get("eventId");
        script.addAll(List.of(
                FakeIngest.Answer.accepted(2),
                new FakeIngest.Answer(
                        202,
                        null,
                        "{\"accepted\": 2, \"rejected\": [], \"warnings\": [{\"index\": 1, \"eventId\": \"" + warnedId
                                + "\", \"warnings\": [\"mood: is not a field of progress; dropped\"]}]}")));

        SendResult result = client().batchSize(2).build().sendEvents(events);

        assertThat(result.accepted()).isEqualTo(4);
        assertThat(result.warnings())
                .containsExactly(new EventWarnings(warnedId, List.of("mood: is not a field of progress; dropped")));
    }

    @Test
    void batchWithoutAValidEventIsReportedRejectedNotThrown() throws Exception {
        script.add(new FakeIngest.Answer(
                400,
                null,
                "{\"status\": 400, \"accepted\": 0, \"rejected\": [{\"index\": 0, \"eventId\": null,"
                        + " \"errors\": [\"eventId: is required\"]}]}"));

        SendResult result = client().build().sendEvents(events(1));

        assertThat(result.accepted()).isZero();
        assertThat(result.rejected())
                .extracting(RejectedEvent::errors)
                .containsExactly(List.of("eventId: is required"));
    }

    @Test
    void retriesAreBounded() {
        for (int i = 0; i < 10; i++) {
            script.add(new FakeIngest.Answer(503, null, "{\"detail\": \"not acknowledged\"}"));
        }

        assertThatThrownBy(() -> client().maxAttempts(3).build().sendEvents(events(1)))
                .isInstanceOfSatisfying(IngestException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.retriable()).isTrue();
                    assertThat(e.getMessage()).contains("3 attempts", "not acknowledged");
                });
        assertThat(seen).hasSize(3);
    }

    @Test
    void refusalOfTheWholeRequestIsNotRetried() {
        script.add(new FakeIngest.Answer(403, null, "{\"status\": 403, \"detail\": \"classroom not allowed\"}"));

        assertThatThrownBy(() -> client().build().sendEvents(events(1)))
                .isInstanceOfSatisfying(IngestException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.retriable()).isFalse();
                    assertThat(e.getMessage()).contains("classroom not allowed");
                });
        assertThat(seen).hasSize(1);
    }

    @Test
    void rosterGoesToItsEndpointUnderRecords() throws Exception {
        script.add(FakeIngest.Answer.accepted(1));

        client().gzip(false).build().sendRoster(List.of(Map.of("kind", "student")));

        assertThat(seen.get(0).encoding()).isNull();
        assertThat(seen.get(0).body().path("records")).hasSize(1);
    }

    @Test
    void eventsRequestsCarryTheClockAtSendingAndRosterRequestsDoNot() throws Exception {
        script.addAll(List.of(FakeIngest.Answer.DROP, FakeIngest.Answer.accepted(1), FakeIngest.Answer.accepted(1)));
        IngestClient client =
                client().clock(new TickingClock("2026-12-08T10:00:00Z")).build();
        client.sendEvents(events(1));
        client.sendRoster(List.of(Map.of("kind", "student")));

        assertThat(seen)
                .extracting(s -> s.body().path("sentAt").asString(null))
                .containsExactly("2026-12-08T10:00:00Z", "2026-12-08T10:00:01Z", null);
    }
}
