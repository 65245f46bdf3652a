package org.heroes.analytics.store.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.heroes.analytics.store.batch.BatchOutcome;
import org.heroes.analytics.store.batch.BatchProcessor;
import org.heroes.analytics.store.batch.BatchWriteException;
import org.heroes.analytics.store.batch.RetryProperties;
import org.heroes.analytics.store.deadletter.DeadLetterPublishException;
import org.heroes.analytics.store.failures.FailureKind;
import org.heroes.analytics.store.offsets.BatchOffsets;

/**
 * One consumer of a replay: reads its share of the partitions from their start to their stop offset
 * with {@code assign()} (no group membership, no rebalancing), processes each poll as one batch
 * through the live {@link BatchProcessor}, and after each database commit commits the replay group's
 * Kafka offsets (monitoring only). A batch failing for a transient reason (database or Kafka briefly
 * away, a deadlock with the live consumer) is retried with the live back-off; a fatal failure or spent
 * retries stop the replay.
 */
final class ReplayWorker implements Callable<Void> {

    private final Consumer<String, byte[]> consumer;
    private final Map<TopicPartition, PartitionRange> open = new HashMap<>();
    private final Map<TopicPartition, Long> covered = new HashMap<>();
    private final BatchProcessor processor;
    private final ReplayTally tally;
    private final String group;
    private final boolean dryRun;
    private final Duration pollTimeout;
    private final RetryProperties retry;
    private final BooleanSupplier cancelled;

    ReplayWorker(
            Consumer<String, byte[]> consumer,
            List<PartitionRange> ranges,
            BatchProcessor processor,
            ReplayTally tally,
            String group,
            boolean dryRun,
            Duration pollTimeout,
            RetryProperties retry,
            BooleanSupplier cancelled) {
        this.consumer = consumer;
        ranges.forEach(r -> open.put(r.partition(), r));
        this.processor = processor;
        this.tally = tally;
        this.group = group;
        this.dryRun = dryRun;
        this.pollTimeout = pollTimeout;
        this.retry = retry;
        this.cancelled = cancelled;
    }

    @Override
    public Void call() throws InterruptedException {
        try (consumer) {
            consumer.assign(open.keySet());
            open.values().forEach(r -> {
                consumer.seek(r.partition(), r.start());
                covered.put(r.partition(), r.start());
            });
            while (!open.isEmpty() && !cancelled.getAsBoolean()) {
                ConsumerRecords<String, byte[]> polled = consumer.poll(pollTimeout);
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(polled.count());
                for (ConsumerRecord<String, byte[]> record : polled) {
                    PartitionRange range = open.get(new TopicPartition(record.topic(), record.partition()));
                    if (range != null && record.offset() < range.stop()) {
                        batch.add(record);
                    }
                }
                if (!batch.isEmpty()) {
                    tally.add(processWithRetries(batch));
                    if (!dryRun) {
                        consumer.commitSync(nextOffsets(batch));
                    }
                }
                closeFinishedPartitions();
            }
        }
        return null;
    }

    private BatchOutcome processWithRetries(List<ConsumerRecord<String, byte[]>> batch) throws InterruptedException {
        long wait = retry.initialInterval().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return dryRun ? processor.dryRun(batch) : processor.replay(batch, group);
            } catch (BatchWriteException | DeadLetterPublishException e) {
                boolean fatal = e instanceof BatchWriteException w && w.kind() == FailureKind.FATAL;
                if (fatal || attempt >= retry.maxAttempts() || cancelled.getAsBoolean()) {
                    throw new ReplayFailedException(
                            "batch " + BatchOffsets.of(batch).partitions() + " failed after " + attempt
                                    + " attempt(s): " + e.getMessage(),
                            e);
                }
                TimeUnit.MILLISECONDS.sleep(wait);
                wait = Math.min(
                        (long) (wait * retry.multiplier()), retry.maxInterval().toMillis());
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<String, byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (BatchOffsets.Range range : BatchOffsets.of(batch).partitions()) {
            next.put(range.partition(), new OffsetAndMetadata(range.nextOffset()));
        }
        return next;
    }

    /** Adds the offsets covered since the last poll to the tally; pauses partitions at their stop. */
    private void closeFinishedPartitions() {
        List<TopicPartition> finished = new ArrayList<>();
        for (PartitionRange range : open.values()) {
            long position = Math.min(consumer.position(range.partition()), range.stop());
            long before = covered.put(range.partition(), position);
            tally.covered(position - before);
            if (position >= range.stop()) {
                finished.add(range.partition());
            }
        }
        if (!finished.isEmpty()) {
            consumer.pause(finished);
            finished.forEach(open::remove);
        }
    }
}
