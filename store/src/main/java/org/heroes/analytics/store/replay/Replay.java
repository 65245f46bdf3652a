package org.heroes.analytics.store.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.heroes.analytics.store.batch.BatchProcessor;
import org.heroes.analytics.store.batch.RetryProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Replays a range of the event topics into the database through the live path's own batch processing
 * (see the package documentation): plans the offsets once, shares the partitions among
 * {@code aggregator.replay.concurrency} consumers of the replay group, and reports progress until
 * every partition has reached its stop offset. Safe beside the live consumer and against itself:
 * nothing already stored counts twice.
 */
@Component
public class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);
    private static final long PROGRESS_INTERVAL_MILLIS = 250;

    private final ConsumerFactory<Object, Object> consumers;
    private final BatchProcessor processor;
    private final ReplayProperties properties;
    private final RetryProperties retry;

    Replay(
            ConsumerFactory<Object, Object> consumers,
            BatchProcessor processor,
            ReplayProperties properties,
            RetryProperties retry,
            KafkaProperties kafka) {
        if (properties.groupId().equals(kafka.getConsumer().getGroupId())) {
            throw new IllegalStateException("aggregator.replay.group-id must not be the live consumer group "
                    + properties.groupId() + ": a replay must never move the live group's offsets");
        }
        this.consumers = consumers;
        this.processor = processor;
        this.properties = properties;
        this.retry = retry;
    }

    /** The consumer group the replay reads in (never the live group). */
    public String groupId() {
        return properties.groupId();
    }

    /**
     * Runs the replay to the end of its range.
     *
     * @param progress called about four times a second from the calling thread, and once at the end
     * @return what was read, inserted, skipped as already stored and dead-lettered
     * @throws ReplayFailedException if a batch failed past its retries, or the range cannot be planned
     */
    public ReplaySummary run(ReplayRequest request, java.util.function.Consumer<ReplayProgress> progress) {
        List<PartitionRange> ranges;
        try (Consumer<String, byte[]> planner = consumer("plan")) {
            ranges = ReplayPlan.of(planner, request, METADATA_TIMEOUT).stream()
                    .filter(r -> r.size() > 0)
                    .toList();
        }
        long total = ranges.stream().mapToLong(PartitionRange::size).sum();
        log.info(
                "replaying {} offsets of {} in group {}{}",
                total,
                request.topics(),
                properties.groupId(),
                request.dryRun() ? " (dry run)" : "");
        ReplayTally tally = new ReplayTally();
        long started = System.nanoTime();
        List<List<PartitionRange>> shares = share(ranges, properties.concurrency());
        AtomicBoolean cancelled = new AtomicBoolean();
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, shares.size()), runnable -> {
            Thread thread = new Thread(runnable, "heroes-replay");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Void>> workers = new ArrayList<>();
            for (int i = 0; i < shares.size(); i++) {
                workers.add(threads.submit(new ReplayWorker(
                        consumer(Integer.toString(i)),
                        shares.get(i),
                        processor,
                        tally,
                        properties.groupId(),
                        request.dryRun(),
                        properties.pollTimeout(),
                        retry,
                        cancelled::get)));
            }
            awaitAll(
                    workers,
                    cancelled,
                    () -> progress.accept(new ReplayProgress(tally.covered(), total, System.nanoTime() - started)));
        } finally {
            cancelled.set(true);
            threads.shutdownNow();
        }
        progress.accept(new ReplayProgress(tally.covered(), total, System.nanoTime() - started));
        return tally.summary(request.dryRun(), (System.nanoTime() - started) / 1e9);
    }

    /** Waits for every worker, reporting progress meanwhile; the first failure cancels the others. */
    private static void awaitAll(List<Future<Void>> workers, AtomicBoolean cancelled, Runnable report) {
        try {
            while (true) {
                boolean allDone = true;
                for (Future<Void> worker : workers) {
                    if (worker.isDone()) {
                        worker.get();
                    } else {
                        allDone = false;
                    }
                }
                if (allDone) {
                    return;
                }
                report.run();
                TimeUnit.MILLISECONDS.sleep(PROGRESS_INTERVAL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled.set(true);
            throw new ReplayFailedException("interrupted", e);
        } catch (ExecutionException e) {
            cancelled.set(true);
            if (e.getCause() instanceof ReplayFailedException failed) {
                throw failed;
            }
            throw new ReplayFailedException("a replay consumer failed: " + e.getCause(), e.getCause());
        }
    }

    /** Partitions dealt round-robin to at most {@code concurrency} consumers. */
    static List<List<PartitionRange>> share(List<PartitionRange> ranges, int concurrency) {
        int count = Math.min(concurrency, ranges.size());
        List<List<PartitionRange>> shares = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < ranges.size(); i++) {
            shares.get(i % count).add(ranges.get(i));
        }
        return shares;
    }

    @SuppressWarnings("unchecked") // the factory's deserializers are String keys and byte[] values
    private Consumer<String, byte[]> consumer(String suffix) {
        return (Consumer<String, byte[]>)
                (Consumer<?, ?>) consumers.createConsumer(properties.groupId(), properties.groupId() + "-", suffix);
    }
}
