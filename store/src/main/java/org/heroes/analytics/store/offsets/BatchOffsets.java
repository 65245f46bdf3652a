package org.heroes.analytics.store.offsets;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a batch starts and ends on each of its partitions, sorted by topic and partition (the order in
 * which their rows are locked).
 *
 * @param partitions one entry per partition the batch holds records of
 */
public record BatchOffsets(List<Range> partitions) {

    /**
     * @param firstOffset offset of the batch's first record on the partition
     * @param nextOffset one past the offset of its last record: the offset stored once it is written
     */
    public record Range(TopicPartition partition, long firstOffset, long nextOffset) {}

    private static final Comparator<TopicPartition> ORDER =
            Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    public BatchOffsets {
        partitions = List.copyOf(partitions);
    }

    public static BatchOffsets of(List<? extends ConsumerRecord<?, ?>> records) {
        Map<TopicPartition, long[]> ranges = new TreeMap<>(ORDER);
        for (ConsumerRecord<?, ?> record : records) {
            long[] range = ranges.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p ->
                    new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            range[0] = Math.min(range[0], record.offset());
            range[1] = Math.max(range[1], record.offset() + 1);
        }
        List<Range> result = new ArrayList<>(ranges.size());
        ranges.forEach((partition, range) -> result.add(new Range(partition, range[0], range[1])));
        return new BatchOffsets(result);
    }

    public boolean isEmpty() {
        return partitions.isEmpty();
    }
}
