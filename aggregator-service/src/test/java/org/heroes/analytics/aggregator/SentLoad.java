package org.heroes.analytics.aggregator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Load sent to Kafka in chunks (from any thread), remembering the newest offset sent to each
 * partition, so that a test can wait until a consumer group has stored, in {@code consumer_offsets},
 * offsets past all of it: every record sent is then written or dead-lettered.
 */
final class SentLoad {

    private static final EventCodec CODEC = EventCodec.create();

    private final Map<String, RecordMetadata> last = new ConcurrentHashMap<>();

    /** A producer as ingest's ({@code acks=all}) to the broker at {@code bootstrap}. */
    static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    /** The end offset of every partition of every dead-letter topic at {@code bootstrap}. */
    static Map<TopicPartition, Long> deadLetterEndOffsets(String bootstrap) {
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap),
                new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = Arrays.stream(Topic.values())
                    .flatMap(topic -> consumer.partitionsFor(topic.deadLetterTopicName()).stream())
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            return consumer.endOffsets(partitions);
        }
    }

    /** Sends each record with {@code send} (which answers once Kafka acknowledged it), in order. */
    void sendAll(List<SpecificRecord> records, Function<SpecificRecord, RecordMetadata> send) {
        for (SpecificRecord record : records) {
            RecordMetadata sent = send.apply(record);
            last.merge(sent.topic() + "-" + sent.partition(), sent, (a, b) -> a.offset() > b.offset() ? a : b);
        }
    }

    /**
     * Publishes {@code record} as ingest would (its topic and key, Avro single-object encoding) and waits
     * for the acknowledgement, as long as the producer's own delivery time-out (120 s by default) when a
     * broker restarts meanwhile.
     */
    static RecordMetadata send(KafkaProducer<String, byte[]> producer, SpecificRecord record) {
        try {
            return producer.send(new ProducerRecord<>(
                            EventKind.of(record).topic().topicName(),
                            EventKind.of(record).key(record),
                            CODEC.encode(record)))
                    .get(130, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a test record", e);
        }
    }

    /** The sum of {@code group}'s stored offsets: grows with every batch it commits. */
    static long storedTotal(JdbcTemplate db, String group) {
        return db.queryForObject(
                "SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets WHERE consumer_group = ?",
                Long.class,
                group);
    }

    /** Waits until {@code group} has stored an offset past every record sent, each partition within {@code atMost}. */
    void awaitStoredPast(JdbcTemplate db, String group, Duration atMost) {
        last.values()
                .forEach(sent -> await("offset " + sent.offset() + " of " + sent.topic() + "-" + sent.partition()
                                + " stored for " + group)
                        .atMost(atMost)
                        .pollInterval(Duration.ofMillis(200))
                        .until(
                                () -> db.queryForObject("""
                                        SELECT coalesce(max(next_offset), -1) FROM consumer_offsets
                                        WHERE consumer_group = ? AND topic = ? AND kafka_partition = ?
                                        """, Long.class, group, sent.topic(), sent.partition()),
                                next -> next > sent.offset()));
    }
}
