package org.heroes.analytics.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The outbox against a real local HTTP server that fails the ways the network and the service do. */
class OutboxTest {

    static final Duration FLUSH = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    final FakeIngest ingest = FakeIngest.start();
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final List<Boolean> waitsImposed = new CopyOnWriteArrayList<>();
    final List<String> delivered = new CopyOnWriteArrayList<>();
    final List<UndeliveredEvent> rejected = new CopyOnWriteArrayList<>();
    final List<UndeliveredEvent> evicted = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    final List<EventWarnings> warned = new CopyOnWriteArrayList<>();
    final List<Outbox> opened = new ArrayList<>();

    final OutboxListener listener = new OutboxListener() {
        @Override
        public void delivered(List<String> eventIds) {
            delivered.addAll(eventIds);
        }

        @Override
        public void warned(List<EventWarnings> events) {
            assertThat(delivered)
                    .as("heard before delivered")
                    .doesNotContain(events.get(0).eventId());
            warned.addAll(events);
        }

        @Override
        public void rejected(List<UndeliveredEvent> events) {
            rejected.addAll(events);
        }

        @Override
        public void evicted(List<UndeliveredEvent> events) {
            evicted.addAll(events);
        }

        @Override
        public void requestRefused(int status, String detail) {
            refused.add(status + " " + detail);
        }
    };

    @AfterEach
    void stop() throws Exception {
        for (Outbox outbox : opened) {
            outbox.close();
        }
        ingest.close();
    }

    /** An outbox whose waits are recorded, not waited. */
    Outbox.Builder outbox() {
        return Outbox.builder(dir, ingest.uri(), () -> "t0k3n")
                .listener(listener)
                .pauses((wait, imposed) -> {
                    waits.add(wait);
                    waitsImposed.add(imposed);
                });
    }

    Outbox open(Outbox.Builder builder) throws IOException {
        Outbox outbox = builder.build();
        opened.add(outbox);
        return outbox;
    }

    static Map<String, Object> event(int lesson) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("kind", "progress");
        event.put("eventId", UUID.randomUUID().toString());
        event.put("lessonId", lesson);
        return event;
    }

    static List<Map<String, Object>> events(int n) {
        return IntStream.range(0, n).mapToObj(i -> event(1 + i % 12)).toList();
    }

    static List<String> ids(List<Map<String, Object>> events) {
        return events.stream().map(e -> (String) e.get("eventId")).toList();
    }

    static String rejection(int index, String eventId, String error) {
        return "{\"index\": " + index + ", \"eventId\": \"" + eventId + "\", \"errors\": [\"" + error + "\"]}";
    }

    @Test
    void eventsGoOutInBatchesInOrderAndAreReportedDelivered() throws Exception {
        Outbox outbox = open(outbox().batchSize(2));
        List<Map<String, Object>> events = events(5);

        assertThat(outbox.enqueueAll(events)).isEqualTo(ids(events));

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(ingest.seen).extracting(s -> s.eventIds().size()).containsExactly(2, 2, 1);
        assertThat(ingest.transmittedEventIds()).isEqualTo(ids(events));
        assertThat(delivered).isEqualTo(ids(events));
        assertThat(outbox.stats()).satisfies(stats -> {
            assertThat(stats.queued()).isZero();
            assertThat(stats.enqueued()).isEqualTo(5);
            assertThat(stats.delivered()).isEqualTo(5);
        });
        assertThat(ingest.seen.get(0).encoding()).isEqualTo("gzip");
        assertThat(ingest.seen.get(0).authorization()).isEqualTo("Bearer t0k3n");
    }

    @Test
    void anEventWithoutAnEventIdIsGivenOneThatItKeeps() throws Exception {
        Outbox outbox = open(outbox());

        String eventId = outbox.enqueue(Map.of("kind", "progress", "lessonId", 3));

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(UUID.fromString(eventId)).isNotNull();
        assertThat(ingest.transmittedEventIds()).containsExactly(eventId);
    }

    @Test
    void eventsQueuedWhileOfflineAreSentAfterTheAppRestarts() throws Exception {
        Outbox before = outbox().paused(true).build();
        List<Map<String, Object>> events = events(3);
        before.enqueueAll(events);
        before.close();
        assertThat(ingest.seen).isEmpty();

        Outbox after = open(outbox());

        assertThat(after.flush(FLUSH)).isTrue();
        assertThat(ingest.transmittedEventIds()).isEqualTo(ids(events));
    }

    @Test
    void aBatchAnsweredBeforeTheRestartIsNeverSentAgain() throws Exception {
        Outbox before = outbox().build();
        before.enqueueAll(events(3));
        assertThat(before.flush(FLUSH)).isTrue();
        before.close();

        Outbox after = open(outbox());

        assertThat(after.pendingEventIds()).isEmpty();
        assertThat(after.flush(FLUSH)).isTrue();
        assertThat(ingest.seen).hasSize(1);
    }

    @Test
    void retryAfterIsWaitedAsTheServiceSaysAndEveryRetryCarriesTheSameEventIds() throws Exception {
        ingest.script.add(new FakeIngest.Answer(429, "7", "{\"status\": 429}"));
        ingest.script.add(new FakeIngest.Answer(503, "2", "{\"status\": 503}"));
        Outbox outbox = open(outbox());
        List<Map<String, Object>> events = events(3);

        outbox.enqueueAll(events);

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(waits).containsExactly(Duration.ofSeconds(7), Duration.ofSeconds(2));
        assertThat(waitsImposed).as("a wait the service asked for").containsOnly(true);
        assertThat(ingest.seen)
                .hasSize(3)
                .allSatisfy(request -> assertThat(request.eventIds()).isEqualTo(ids(events)));
        assertThat(outbox.stats().failedAttempts()).isEqualTo(2);
    }

    @Test
    void failuresBackOffUnderADoublingCeilingWithTheSameEventIds() throws Exception {
        ingest.script.addAll(List.of(
                FakeIngest.Answer.DROP,
                FakeIngest.Answer.status(500),
                FakeIngest.Answer.status(502),
                FakeIngest.Answer.status(504)));
        List<Long> ceilings = new CopyOnWriteArrayList<>();
        Outbox outbox = open(
                outbox().backoff(Duration.ofSeconds(1), Duration.ofSeconds(5)).random(bound -> {
                    ceilings.add(bound);
                    return bound / 3;
                }));
        List<Map<String, Object>> events = events(2);

        outbox.enqueueAll(events);

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(ceilings).containsExactly(1000L, 2000L, 4000L, 5000L);
        assertThat(waits)
                .containsExactly(
                        Duration.ofMillis(333),
                        Duration.ofMillis(666),
                        Duration.ofMillis(1333),
                        Duration.ofMillis(1666));
        assertThat(waitsImposed).as("the outbox's own back-off").containsOnly(false);
        assertThat(ingest.seen)
                .hasSize(5)
                .allSatisfy(request -> assertThat(request.eventIds()).isEqualTo(ids(events)));
        assertThat(delivered).isEqualTo(ids(events));
    }

    @Test
    void eachAttemptCarriesTheClockAtSending() throws Exception {
        ingest.script.add(FakeIngest.Answer.DROP);
        Outbox outbox = open(outbox().clock(new TickingClock("2026-12-08T10:00:00Z")));

        outbox.enqueue(event(1));

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(ingest.seen)
                .extracting(s -> s.body().path("sentAt").asString())
                .containsExactly("2026-12-08T10:00:00Z", "2026-12-08T10:00:01Z");
    }

    @Test
    void rejectedEventsReachTheAppWithTheirReasonsAndLeaveTheQueue() throws Exception {
        List<Map<String, Object>> events = events(3);
        String bad = ids(events).get(1);
        ingest.script.add(new FakeIngest.Answer(
                202,
                null,
                "{\"accepted\": 2, \"rejected\": [" + rejection(1, bad, "lessonId: must be an integer from 1 to 12")
                        + "]}"));
        Outbox outbox = open(outbox());

        outbox.enqueueAll(events);

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(rejected).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(bad);
            assertThat(event.json()).contains("\"eventId\":\"" + bad + "\"");
            assertThat(event.reasons()).containsExactly("lessonId: must be an integer from 1 to 12");
        });
        assertThat(delivered).containsExactly(ids(events).get(0), ids(events).get(2));
        assertThat(outbox.stats().rejected()).isEqualTo(1);
        assertThat(ingest.seen).as("a rejected event is not sent again").hasSize(1);
    }

    @Test
    void fieldsTheServiceDroppedAreToldToTheAppAndTheEventIsDelivered() throws Exception {
        List<Map<String, Object>> events = events(3);
        String warnedId = ids(events).get(2);
        ingest.script.add(new FakeIngest.Answer(
                202,
                null,
                "{\"accepted\": 3, \"rejected\": [], \"warnings\": [{\"index\": 2, \"eventId\": \"" + warnedId
                        + "\", \"warnings\": [\"mood: is not a field of progress; dropped\","
                        + " \"avatar: is not a field of progress; dropped\"]}]}"));
        Outbox outbox = open(outbox());

        outbox.enqueueAll(events);

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(warned)
                .containsExactly(new EventWarnings(
                        warnedId,
                        List.of(
                                "mood: is not a field of progress; dropped",
                                "avatar: is not a field of progress; dropped")));
        assertThat(delivered).isEqualTo(ids(events));
        assertThat(rejected).isEmpty();
    }

    @Test
    void anAnswerOfAServiceWithoutWarningsWarnsOfNothing() throws Exception {
        Outbox outbox = open(outbox());

        outbox.enqueueAll(events(2));

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(warned).isEmpty();
        assertThat(delivered).hasSize(2);
    }

    @Test
    void aRequestWithNoValidEventHasEachEventRejected() throws Exception {
        List<Map<String, Object>> events = events(2);
        ingest.script.add(new FakeIngest.Answer(
                400,
                null,
                "{\"status\": 400, \"accepted\": 0, \"rejected\": ["
                        + rejection(0, ids(events).get(0), "kind: unknown") + ", "
                        + rejection(1, ids(events).get(1), "kind: unknown") + "]}"));
        Outbox outbox = open(outbox());

        outbox.enqueueAll(events);

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(rejected).extracting(UndeliveredEvent::eventId).isEqualTo(ids(events));
        assertThat(delivered).isEmpty();
    }

    @Test
    void aRefusedTokenIsToldToTheAppAndTheEventsWaitForANewOne() throws Exception {
        ingest.script.addAll(List.of(FakeIngest.Answer.status(401), FakeIngest.Answer.status(403)));
        AtomicInteger tokens = new AtomicInteger();
        Outbox outbox = open(Outbox.builder(dir, ingest.uri(), () -> "token-" + tokens.incrementAndGet())
                .listener(listener)
                .pauses((wait, imposed) -> waits.add(wait)));
        List<Map<String, Object>> events = events(2);

        outbox.enqueueAll(events);

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(refused).containsExactly("401 scripted 401", "403 scripted 403");
        assertThat(ingest.seen)
                .extracting(FakeIngest.Seen::authorization)
                .as("the token is asked for anew for each attempt")
                .containsExactly("Bearer token-1", "Bearer token-2", "Bearer token-3");
        assertThat(waits).hasSize(2);
        assertThat(delivered).isEqualTo(ids(events));
    }

    @Test
    void aRequestTooLargeForTheServiceIsSplitUntilItFits() throws Exception {
        ingest.script.add(FakeIngest.Answer.status(413));
        Outbox outbox = open(outbox().paused(true));
        List<Map<String, Object>> events = events(4);
        outbox.enqueueAll(events);

        outbox.resume();

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(ingest.seen).extracting(s -> s.eventIds().size()).containsExactly(4, 2, 2);
        assertThat(delivered).isEqualTo(ids(events));
        assertThat(waits)
                .as("nothing to wait for: a smaller request is a different request")
                .isEmpty();
    }

    @Test
    void anEventTheServiceCannotTakeEvenAloneIsRejectedWithItsReason() throws Exception {
        ingest.script.addAll(List.of(FakeIngest.Answer.status(413), FakeIngest.Answer.status(413)));
        Outbox outbox = open(outbox().paused(true));
        List<Map<String, Object>> events = events(2);
        outbox.enqueueAll(events);

        outbox.resume();

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(ingest.seen).extracting(s -> s.eventIds().size()).containsExactly(2, 1, 1);
        assertThat(rejected).singleElement().satisfies(event -> {
            assertThat(event.eventId()).isEqualTo(ids(events).get(0));
            assertThat(event.reasons()).containsExactly("the service refused the request as too large: scripted 413");
        });
        assertThat(delivered).containsExactly(ids(events).get(1));
    }

    @Test
    void aBodyTheServiceCannotReadIsNarrowedToTheEventThatBreaksIt() throws Exception {
        ingest.script.addAll(
                List.of(FakeIngest.Answer.status(400), FakeIngest.Answer.accepted(1), FakeIngest.Answer.status(400)));
        Outbox outbox = open(outbox().paused(true));
        List<Map<String, Object>> events = events(2);
        outbox.enqueueAll(events);

        outbox.resume();

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(delivered).containsExactly(ids(events).get(0));
        assertThat(rejected)
                .singleElement()
                .satisfies(event -> assertThat(event.reasons())
                        .containsExactly("the service could not read the request: scripted 400"));
    }

    @Test
    void requestsStayUnderTheBodyLimit() throws Exception {
        Outbox outbox = open(outbox().maxBodyBytes(2048).paused(true));
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Map<String, Object> event = event(1);
            event.put("padding", "x".repeat(200));
            events.add(event);
        }
        outbox.enqueueAll(events);

        outbox.resume();

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(ingest.seen)
                .hasSizeGreaterThan(4)
                .allSatisfy(request -> assertThat(FakeIngest.JSON.writeValueAsBytes(request.body()).length)
                        .isLessThanOrEqualTo(2048));
        assertThat(ingest.transmittedEventIds()).isEqualTo(ids(events));
    }

    @Test
    void whenFullTheOldestAreEvictedAndTheAppIsTold() throws Exception {
        Outbox outbox = open(outbox().capacity(3, 1 << 20).paused(true));
        List<Map<String, Object>> events = events(5);

        outbox.enqueueAll(events.subList(0, 3));
        outbox.enqueue(events.get(3));
        outbox.enqueue(events.get(4));

        assertThat(evicted)
                .extracting(UndeliveredEvent::eventId)
                .isEqualTo(ids(events).subList(0, 2));
        assertThat(evicted.get(0).reasons()).singleElement().asString().startsWith("evicted: the outbox was full");
        assertThat(outbox.stats().evicted()).isEqualTo(2);
        outbox.resume();
        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(ingest.transmittedEventIds()).isEqualTo(ids(events).subList(2, 5));
    }

    @Test
    void flushCutsShortTheOutboxsOwnBackOff() throws Exception {
        ingest.script.add(FakeIngest.Answer.DROP);
        Outbox outbox = open(Outbox.builder(dir, ingest.uri(), () -> "t")
                .backoff(Duration.ofMinutes(10), Duration.ofMinutes(10))
                .random(bound -> bound));
        outbox.enqueue(event(1));
        await("the first attempt failed")
                .atMost(FLUSH)
                .until(() -> outbox.stats().failedAttempts() == 1);

        assertThat(outbox.flush(FLUSH))
                .as("sent at once, not after ten minutes")
                .isTrue();
    }

    @Test
    void flushDoesNotCutShortAWaitTheServiceAskedFor() throws Exception {
        ingest.script.add(new FakeIngest.Answer(503, "600", "{}"));
        Outbox outbox = open(Outbox.builder(dir, ingest.uri(), () -> "t"));
        outbox.enqueue(event(1));
        await("the first attempt failed")
                .atMost(FLUSH)
                .until(() -> outbox.stats().failedAttempts() == 1);

        assertThat(outbox.flush(Duration.ofMillis(300))).isFalse();
        assertThat(ingest.seen).hasSize(1);
    }

    @Test
    void closeLeavesWhatWasNotAnsweredForTheNextOpen() throws Exception {
        ingest.script.add(FakeIngest.Answer.HOLD);
        Outbox before = outbox().closeTimeout(Duration.ofMillis(100)).build();
        List<Map<String, Object>> events = events(2);
        before.enqueueAll(events);
        await("the request is in flight").atMost(FLUSH).until(() -> ingest.seen.size() == 1);

        before.close();

        Outbox after = open(outbox());
        assertThat(after.flush(FLUSH)).isTrue();
        assertThat(ingest.transmittedEventIds())
                .as("sent again: its answer never came")
                .isEqualTo(List.of(
                        ids(events).get(0),
                        ids(events).get(1),
                        ids(events).get(0),
                        ids(events).get(1)));
    }

    @Test
    void aListenerThatThrowsChangesNothing() throws Exception {
        Outbox outbox =
                open(Outbox.builder(dir, ingest.uri(), () -> "t").batchSize(1).listener(new OutboxListener() {
                    @Override
                    public void delivered(List<String> eventIds) {
                        throw new IllegalStateException("the app's bug");
                    }
                }));

        outbox.enqueueAll(events(3));

        assertThat(outbox.flush(FLUSH)).isTrue();
        assertThat(ingest.seen).hasSize(3);
    }

    @Test
    void whatCanNeverBeSentIsRefusedAtEnqueue() throws Exception {
        Outbox outbox = open(outbox().maxBodyBytes(2048).paused(true));

        assertThatThrownBy(() -> outbox.enqueue(List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> outbox.enqueue(Map.of("eventId", 7)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("eventId");
        assertThatThrownBy(() -> outbox.enqueue(Map.of("eventId", "x", "padding", "x".repeat(3000))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than a request may carry");
        assertThat(outbox.stats().queued()).isZero();
    }
}
