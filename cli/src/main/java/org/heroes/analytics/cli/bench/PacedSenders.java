package org.heroes.analytics.cli.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.heroes.analytics.client.IngestClient;
import org.heroes.analytics.client.SendResult;

/**
 * Sends analytics batches to the classrooms' streams over several connections, for a while, as fast as ingest
 * answers or at a fixed rate. Each thread owns some classrooms and sends one batch at a time, round the classrooms
 * it owns, so that each classroom's batches reach Kafka in the order they were accepted ({@link ClassroomStream}).
 */
final class PacedSenders {

    /** What a run sent: events ingest accepted, and the seconds it took. */
    record Sent(long events, double seconds) {
        double perSecond() {
            return events / seconds;
        }
    }

    private final IngestClient ingest;
    private final List<ClassroomStream> streams;
    private final int connections;
    private final int batch;

    PacedSenders(IngestClient ingest, List<ClassroomStream> streams, int connections, int batch) {
        this.ingest = ingest;
        this.streams = List.copyOf(streams);
        this.connections = connections;
        this.batch = batch;
    }

    /** Sends for {@code duration}: at {@code eventsPerSecond} in all, or as fast as ingest answers when it is 0. */
    Sent run(Duration duration, double eventsPerSecond) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long interval = eventsPerSecond > 0 ? (long) (1e9 * connections * batch / eventsPerSecond) : 0;
        try {
            List<Future<Long>> senders = new ArrayList<>();
            for (int t = 0; t < connections; t++) {
                List<ClassroomStream> owned = owned(t);
                senders.add(pool.submit(() -> send(owned, start, end, interval)));
            }
            long accepted = 0;
            for (Future<Long> sender : senders) {
                accepted += sender.get();
            }
            return new Sent(accepted, (System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private List<ClassroomStream> owned(int thread) {
        List<ClassroomStream> owned = new ArrayList<>();
        for (int i = thread; i < streams.size(); i += connections) {
            owned.add(streams.get(i));
        }
        return owned;
    }

    /** One thread: batch after batch, round its classrooms, each at its slot of the schedule (or at once). */
    private long send(List<ClassroomStream> owned, long start, long end, long interval) throws InterruptedException {
        long accepted = 0;
        for (long k = 0; ; k++) {
            long slot = start + k * interval;
            long now = System.nanoTime();
            if (slot >= end || now >= end) {
                return accepted;
            }
            if (slot > now) {
                LockSupport.parkNanos(slot - now);
            }
            ClassroomStream stream = owned.get((int) (k % owned.size()));
            SendResult result = ingest.sendEvents(batch(stream.classroomId()));
            if (!result.rejected().isEmpty()) {
                throw new IllegalStateException(
                        "ingest rejected: " + result.rejected().get(0));
            }
            stream.accepted(result.accepted(), System.nanoTime());
            accepted += result.accepted();
        }
    }

    /** A batch of analytics events of no student (counted at once: no roster to wait for), stamped now. */
    private List<Map<String, Object>> batch(String classroomId) {
        String occurredAt = Instant.now().minusSeconds(1).toString();
        List<Map<String, Object>> events = new ArrayList<>(batch);
        for (int i = 0; i < batch; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("kind", "analytics");
            event.put("eventId", UUID.randomUUID().toString());
            event.put("classroomId", classroomId);
            event.put("occurredAt", occurredAt);
            event.put("eventType", "freshness_probe");
            event.put("eventCategory", "benchmark");
            event.put("eventValue", (double) (i % 10));
            events.add(event);
        }
        return events;
    }
}
