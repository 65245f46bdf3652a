package org.heroes.analytics.store.redrive;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one dead-letter topic from its start (or from the first record at or after {@code from}) up to
 * the end offsets taken when the read begins, with {@code assign()}: no consumer group, nothing committed,
 * so every redrive sees every dead letter that is still there. Records dead-lettered while it runs are
 * left for the next redrive.
 */
public final class DeadLetterReader {

    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Duration stallTimeout;

    public DeadLetterReader(KafkaConsumer<byte[], byte[]> consumer, Duration stallTimeout) {
        this.consumer = consumer;
        this.stallTimeout = stallTimeout;
    }

    /**
     * Hands every record of the topic whose timestamp (the time it was dead-lettered) lies in
     * {@code [from, to)} to {@code handler}, in offset order per partition.
     *
     * @param from the earliest timestamp, or null for the topic's start
     * @param to the timestamp to stop before, or null for no bound
     * @return false if the topic does not exist
     * @throws IllegalStateException if the read makes no progress for the stall timeout
     */
    public boolean read(String topic, Instant from, Instant to, Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> start = startOffsets(partitions, from, end);
        Set<TopicPartition> remaining = new HashSet<>();
        for (TopicPartition partition : partitions) {
            consumer.seek(partition, start.get(partition));
            if (start.get(partition) < end.get(partition)) {
                remaining.add(partition);
            }
        }
        long lastProgress = System.nanoTime();
        while (!remaining.isEmpty()) {
            boolean progressed = false;
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                progressed = true;
                if (record.offset() < end.get(partition) && inRange(record.timestamp(), from, to)) {
                    handler.accept(record);
                }
            }
            // a read_committed position may also move past transaction markers without a record
            for (TopicPartition partition : Set.copyOf(remaining)) {
                if (consumer.position(partition) >= end.get(partition)) {
                    remaining.remove(partition);
                    progressed = true;
                }
            }
            if (progressed) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                throw new IllegalStateException("reading " + topic + " made no progress for " + stallTimeout.toSeconds()
                        + " s; partitions left: " + remaining);
            }
        }
        consumer.unsubscribe();
        return true;
    }

    private Map<TopicPartition, Long> startOffsets(
            List<TopicPartition> partitions, Instant from, Map<TopicPartition, Long> end) {
        if (from == null) {
            return consumer.beginningOffsets(partitions);
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp first = found.get(partition);
            // none at or after `from`: nothing to read there
            start.put(partition, first == null ? end.get(partition) : first.offset());
        }
        return start;
    }

    private static boolean inRange(long timestamp, Instant from, Instant to) {
        return (from == null || timestamp >= from.toEpochMilli()) && (to == null || timestamp < to.toEpochMilli());
    }
}
