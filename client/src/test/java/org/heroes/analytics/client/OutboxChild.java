package org.heroes.analytics.client;

import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/**
 * An app that uses the outbox, run by {@link OutboxCrashIT} as a JVM of its own so that it can be killed: it
 * opens the outbox in a directory (resuming what an earlier run left), enqueues events a few at a time while
 * the sender sends, and prints, one line each, what it was told: {@code queued <eventId>} once {@code enqueue}
 * returned, {@code delivered <eventId>} when the listener heard it. Then it waits to be killed.
 *
 * <p>Arguments: the directory, the ingest base URL, how many events, how many per {@code enqueueAll}, batch size.
 */
final class OutboxChild {

    private OutboxChild() {}

    public static void main(String[] args) throws Exception {
        Path directory = Path.of(args[0]);
        URI ingest = URI.create(args[1]);
        int events = Integer.parseInt(args[2]);
        int chunk = Integer.parseInt(args[3]);
        int batchSize = Integer.parseInt(args[4]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Outbox outbox = Outbox.builder(directory, ingest, () -> "t0k3n")
                .batchSize(batchSize)
                .listener(new OutboxListener() {
                    @Override
                    public void delivered(List<String> eventIds) {
                        print(out, "delivered", eventIds);
                    }
                })
                .build();
        print(out, "opened", List.of(directory.toString()));
        for (int sent = 0; sent < events; sent += chunk) {
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = sent; i < Math.min(events, sent + chunk); i++) {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("kind", "progress");
                event.put("eventId", UUID.randomUUID().toString());
                event.put("lessonId", 1 + i % 12);
                batch.add(event);
            }
            print(out, "queued", outbox.enqueueAll(batch));
        }
        print(out, "all-queued", List.of(Integer.toString(events)));
        new CountDownLatch(1).await(); // until killed
    }

    private static void print(PrintStream out, String what, List<String> values) {
        synchronized (out) {
            for (String value : values) {
                out.println(what + " " + value);
            }
            out.flush();
        }
    }
}
