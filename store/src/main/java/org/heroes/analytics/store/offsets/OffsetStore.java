package org.heroes.analytics.store.offsets;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Reads and moves the stored offsets of the consumer group. {@link #advance} must run inside the
 * batch's transaction, before its other statements: it locks the partitions' offset rows, so two
 * consumers holding the same batch are serialised there and the second one fails the
 * compare-and-set instead of doing its writes.
 */
@Component
public class OffsetStore {

    /**
     * Moves each partition's offset to the batch's end if the stored one is not past the batch's
     * start ({@code next_offset <= first_offset}; "less" covers offsets Kafka never delivers, such as
     * transaction markers), inserts it for a partition seen for the first time, and answers how many
     * partitions moved: fewer than the batch's means the batch is stale.
     */
    static final String ADVANCE = """
            WITH batch AS (
                SELECT * FROM unnest(?::text[], ?::int4[], ?::int8[], ?::int8[])
                    AS b(topic, kafka_partition, first_offset, next_offset)
            ), moved AS (
                UPDATE consumer_offsets o
                SET next_offset = b.next_offset, updated_at = now()
                FROM batch b
                WHERE o.consumer_group = ? AND o.topic = b.topic AND o.kafka_partition = b.kafka_partition
                  AND o.next_offset <= b.first_offset
                RETURNING 1
            ), added AS (
                INSERT INTO consumer_offsets (consumer_group, topic, kafka_partition, next_offset)
                SELECT ?, b.topic, b.kafka_partition, b.next_offset
                FROM batch b
                WHERE NOT EXISTS (SELECT 1 FROM consumer_offsets o
                                  WHERE o.consumer_group = ? AND o.topic = b.topic
                                    AND o.kafka_partition = b.kafka_partition)
                ON CONFLICT DO NOTHING
                RETURNING 1
            )
            SELECT (SELECT count(*) FROM moved) + (SELECT count(*) FROM added)
            """;

    static final String STORED = """
            SELECT topic, kafka_partition, next_offset
            FROM consumer_offsets
            WHERE consumer_group = ? AND topic = ANY(?::text[])
            """;

    private final JdbcClient jdbc;
    private final String group;

    OffsetStore(JdbcClient jdbc, KafkaProperties kafka) {
        this.jdbc = jdbc;
        this.group = kafka.getConsumer().getGroupId();
    }

    /**
     * Compare-and-set of the batch's offsets, in the caller's transaction.
     *
     * @throws StaleBatchException if some partition's stored offset is past the batch's start
     */
    public void advance(BatchOffsets offsets) {
        List<BatchOffsets.Range> ranges = offsets.partitions();
        Long moved = jdbc.sql(ADVANCE)
                .params(
                        new SqlArrayValue(
                                "text",
                                ranges.stream().map(r -> r.partition().topic()).toArray()),
                        new SqlArrayValue(
                                "int4",
                                ranges.stream()
                                        .map(r -> r.partition().partition())
                                        .toArray()),
                        new SqlArrayValue(
                                "int8",
                                ranges.stream()
                                        .map(BatchOffsets.Range::firstOffset)
                                        .toArray()),
                        new SqlArrayValue(
                                "int8",
                                ranges.stream()
                                        .map(BatchOffsets.Range::nextOffset)
                                        .toArray()),
                        group,
                        group,
                        group)
                .query(Long.class)
                .single();
        if (moved == null || moved != ranges.size()) {
            throw new StaleBatchException(offsets);
        }
    }

    /** The stored next offsets of those of {@code partitions} that have one. */
    public Map<TopicPartition, Long> stored(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> found = new HashMap<>();
        if (partitions.isEmpty()) {
            return found;
        }
        Object[] topics =
                partitions.stream().map(TopicPartition::topic).distinct().toArray();
        jdbc.sql(STORED)
                .params(group, new SqlArrayValue("text", topics))
                .query((rs, n) -> {
                    var partition = new TopicPartition(rs.getString("topic"), rs.getInt("kafka_partition"));
                    if (partitions.contains(partition)) {
                        found.put(partition, rs.getLong("next_offset"));
                    }
                    return partition;
                })
                .list();
        return found;
    }
}
