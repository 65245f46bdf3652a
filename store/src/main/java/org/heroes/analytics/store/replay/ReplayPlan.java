package org.heroes.analytics.store.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Turns a request into offsets, once, when the replay starts: start at the beginning offsets or the
 * first record at or after {@code from} (by record timestamp); stop at the first record at or after
 * {@code to}, or at the end offsets of that moment. Records produced later are the live consumer's.
 */
final class ReplayPlan {

    private ReplayPlan() {}

    static List<PartitionRange> of(Consumer<?, ?> consumer, ReplayRequest request, Duration timeout) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : request.topics()) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                throw new ReplayFailedException("topic " + topic + " does not exist on the broker", null);
            }
            infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> start = request.from() == null
                ? consumer.beginningOffsets(partitions, timeout)
                : byTime(consumer, partitions, request.from(), end, timeout);
        Map<TopicPartition, Long> stop =
                request.to() == null ? end : byTime(consumer, partitions, request.to(), end, timeout);
        List<PartitionRange> ranges = new ArrayList<>(partitions.size());
        for (TopicPartition partition : partitions) {
            ranges.add(new PartitionRange(partition, start.get(partition), stop.get(partition)));
        }
        return ranges;
    }

    /** The first offset at or after {@code instant} per partition; the end if there is none. */
    private static Map<TopicPartition, Long> byTime(
            Consumer<?, ?> consumer,
            List<TopicPartition> partitions,
            Instant instant,
            Map<TopicPartition, Long> end,
            Duration timeout) {
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, instant.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query, timeout);
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp at = found.get(partition);
            offsets.put(partition, at == null ? end.get(partition) : Math.min(at.offset(), end.get(partition)));
        }
        return offsets;
    }
}
