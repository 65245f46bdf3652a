package org.heroes.analytics.cli.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Asks the query API, round the classrooms with batches waiting, how many events it counts, at most once per
 * classroom per interval, and records for each batch the time from its 202 to the first answer that counts it.
 */
final class VisibilityPoller implements AutoCloseable {

    private final QueryCounts counts;
    private final List<ClassroomStream> streams;
    private final long intervalNanos;
    private final ExecutorService pool;
    private final List<Future<?>> pollers = new ArrayList<>();
    private final List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean recording = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong polls = new AtomicLong();

    VisibilityPoller(QueryCounts counts, List<ClassroomStream> streams, Duration interval, int threads) {
        this.counts = counts;
        this.streams = List.copyOf(streams);
        this.intervalNanos = interval.toNanos();
        this.pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            List<ClassroomStream> owned = new ArrayList<>();
            for (int i = t; i < this.streams.size(); i += threads) {
                owned.add(this.streams.get(i));
            }
            pollers.add(pool.submit(() -> poll(owned)));
        }
    }

    /** From now on, the latencies of the batches counted are kept (before: only their counting waited for). */
    void record() {
        latencies.clear();
        recording.set(true);
    }

    /** Waits until every batch sent is counted, or the time is up; false then. Rethrows a poller's failure. */
    boolean awaitCounted(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (streams.stream().anyMatch(ClassroomStream::waiting)) {
            for (Future<?> poller : pollers) {
                if (poller.isDone()) {
                    poller.get();
                }
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(intervalNanos);
        }
        return true;
    }

    /** The milliseconds from 202 to counted of each batch counted since {@link #record()}. */
    List<Double> latencies() {
        synchronized (latencies) {
            return List.copyOf(latencies);
        }
    }

    long polls() {
        return polls.get();
    }

    private Void poll(List<ClassroomStream> owned) throws Exception {
        while (!stopped.get()) {
            long round = System.nanoTime();
            for (ClassroomStream stream : owned) {
                if (stream.waiting()) {
                    long count = counts.analyticsEvents(stream.classroomId());
                    List<Double> counted = stream.counted(count, System.nanoTime());
                    polls.incrementAndGet();
                    if (recording.get()) {
                        latencies.addAll(counted);
                    }
                }
            }
            long next = round + intervalNanos - System.nanoTime();
            if (next > 0) {
                LockSupport.parkNanos(next);
            }
        }
        return null;
    }

    @Override
    public void close() {
        stopped.set(true);
        pool.shutdownNow();
    }
}
