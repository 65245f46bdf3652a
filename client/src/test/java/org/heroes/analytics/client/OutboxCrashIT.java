package org.heroes.analytics.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The outbox survives {@code kill -9} in the middle of a send: an app (a JVM of its own, {@link OutboxChild})
 * enqueues events while its outbox sends them to a real HTTP server, which answers a few requests and then holds
 * one unanswered; the app is killed ({@link Process#destroyForcibly}, SIGKILL) while that request is in flight and
 * while it may still be writing to its queue. A second app opens the same directory, enqueues more, and is killed
 * the same way; then a third, in this JVM, sends the rest.
 *
 * <p>What "nothing lost" and "nothing sent twice" mean here, at the level the client controls:
 *
 * <ul>
 *   <li><b>Nothing lost</b>: every event whose {@code enqueue} returned reaches the service and is accepted, and the
 *       app hears it delivered.
 *   <li><b>Nothing sent twice</b>: the service accepts each {@code eventId} in exactly one request. An event is
 *       transmitted again only if no answer to its earlier transmission was recorded — the batch in flight at a
 *       kill, at most one per kill — and then exactly once more; an event the app heard delivered is never
 *       transmitted again. (The service dedupes by {@code eventId} too, so the one retransmitted batch is counted
 *       once even when the service had taken it before the kill: that is the pipeline's guarantee, not this test's.)
 * </ul>
 */
class OutboxCrashIT {

    static final int BATCH = 10;
    static final Duration PATIENCE = Duration.ofSeconds(90);

    @TempDir
    Path outboxDir;

    @TempDir
    Path logs;

    final FakeIngest ingest = FakeIngest.start();

    @AfterEach
    void stop() {
        ingest.close();
    }

    /** What a killed app was told before it died, and how it died. */
    record Run(List<String> queued, List<String> delivered, int exitCode, int heldRequest) {}

    @Test
    void killedMidSendTheQueueResumesWithNothingLostAndNothingSentTwice() throws Exception {
        Run first = runUntilKilledWhileARequestIsHeld(60, 3, 1);
        Run second = runUntilKilledWhileARequestIsHeld(30, 3, 2);

        List<String> deliveredAfter = new CopyOnWriteArrayList<>();
        int requestsBeforeLastOpen = ingest.seen.size();
        try (Outbox last = Outbox.builder(outboxDir, ingest.uri(), () -> "t0k3n")
                .batchSize(BATCH)
                .listener(new OutboxListener() {
                    @Override
                    public void delivered(List<String> eventIds) {
                        deliveredAfter.addAll(eventIds);
                    }
                })
                .build()) {
            assertThat(last.flush(PATIENCE)).as("the queue empties").isTrue();
            assertThat(last.pendingEventIds()).isEmpty();
        }

        assertThat(List.of(first.exitCode(), second.exitCode()))
                .as("killed by SIGKILL (128 + 9)")
                .containsOnly(137);
        List<String> queued = concat(first.queued(), second.queued());
        assertThat(first.queued())
                .as("the first app was killed with events queued but not yet delivered")
                .hasSizeGreaterThan(first.delivered().size());

        // nothing lost
        assertThat(ingest.acceptedEventIds)
                .as("every event whose enqueue returned is accepted by the service")
                .containsAll(queued);
        assertThat(concat(first.delivered(), second.delivered(), deliveredAfter))
                .as("and the app hears it delivered")
                .containsAll(queued);

        // nothing sent twice
        assertThat(ingest.acceptedEventIds)
                .as("the service accepts each eventId in one request only")
                .doesNotHaveDuplicates();
        List<String> heldIds = concat(
                ingest.seen.get(first.heldRequest()).eventIds(),
                ingest.seen.get(second.heldRequest()).eventIds());
        Map<String, Long> transmissions = ingest.transmittedEventIds().stream()
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(transmissions.entrySet().stream()
                        .filter(e -> e.getValue() > 1)
                        .map(Map.Entry::getKey))
                .as("transmitted again: exactly the events of the requests in flight at the kills")
                .containsExactlyInAnyOrderElementsOf(heldIds);
        assertThat(transmissions.values()).as("and those once more only").allMatch(n -> n <= 2);
        assertThat(idsOfRequests(first.heldRequest() + 1, ingest.seen.size()))
                .as("what the first app heard delivered is never transmitted after its kill")
                .doesNotContainAnyElementsOf(first.delivered());
        assertThat(idsOfRequests(second.heldRequest() + 1, ingest.seen.size()))
                .as("what the second app heard delivered is never transmitted after its kill")
                .doesNotContainAnyElementsOf(second.delivered());
        assertThat(idsOfRequests(requestsBeforeLastOpen, ingest.seen.size()))
                .as("the last open sends the held batch first, in the order it was queued")
                .startsWith(ingest.seen.get(second.heldRequest()).eventIds().toArray(String[]::new));
    }

    /**
     * Starts an app that enqueues {@code events}; the server accepts {@code answered} requests of it, then holds
     * the next one unanswered; as soon as that request has arrived the app is killed.
     */
    Run runUntilKilledWhileARequestIsHeld(int events, int answered, int run) throws Exception {
        int held = ingest.seen.size() + answered;
        ingest.script.addAll(Collections.nCopies(answered, FakeIngest.Answer.ACCEPT));
        ingest.script.add(FakeIngest.Answer.HOLD);
        Path stderr = logs.resolve("child-" + run + ".err");
        Process app = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx64m",
                        "-cp",
                        System.getProperty("java.class.path"),
                        OutboxChild.class.getName(),
                        outboxDir.toString(),
                        ingest.uri().toString(),
                        Integer.toString(events),
                        "3",
                        Integer.toString(BATCH))
                .redirectError(stderr.toFile())
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> readLines(app, lines), "child-" + run + "-stdout");
        reader.start();
        try {
            await("the request held in flight arrives")
                    .atMost(PATIENCE)
                    .until(() -> ingest.seen.size() > held || !app.isAlive());
            assertThat(app.isAlive())
                    .as("the app runs until killed; its stderr: %s", (Object) stderrOf(stderr))
                    .isTrue();
        } finally {
            app.destroyForcibly();
            assertThat(app.waitFor(30, TimeUnit.SECONDS)).isTrue();
            reader.join(TimeUnit.SECONDS.toMillis(30));
        }
        return new Run(valuesOf(lines, "queued"), valuesOf(lines, "delivered"), app.exitValue(), held);
    }

    private static void readLines(Process app, List<String> lines) {
        try (BufferedReader in =
                new BufferedReader(new InputStreamReader(app.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("unreadable " + e);
        }
    }

    private static String stderrOf(Path stderr) throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr) : "";
    }

    private static List<String> valuesOf(List<String> lines, String what) {
        return lines.stream()
                .filter(line -> line.startsWith(what + " "))
                .map(line -> line.substring(what.length() + 1))
                .toList();
    }

    private List<String> idsOfRequests(int from, int to) {
        return ingest.seen.subList(from, to).stream()
                .flatMap(request -> request.eventIds().stream())
                .toList();
    }

    @SafeVarargs
    private static List<String> concat(List<String>... lists) {
        List<String> all = new ArrayList<>();
        for (List<String> list : lists) {
            all.addAll(list);
        }
        return all;
    }
}
