package org.heroes.analytics.aggregator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.core.ConditionFactory;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.store.deadletter.DeadLetter;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.TestRecords;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one set-up of every integration test here: the real infrastructure (PostgreSQL, PgBouncer,
 * KRaft Kafka) from test-support, migrated, the whole application booted against it exactly as configured in
 * {@code aggregator-service.yml} with the writer's credentials, a producer that writes real Avro records to the broker, and the
 * database read as the superuser (which RLS does not filter) for assertions.
 */
@SpringBootTest(
        classes = AggregatorApplication.class,
        properties = "spring.config.name=aggregator-service",
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(WritersClock.InContext.class)
public abstract class AggregatorIntegrationTest {

    protected static final EventCodec CODEC = EventCodec.create();

    /** For a batch written through the sink directly that must not contain events the roster refuses. */
    protected static final Consumer<List<DeadLetter>> NO_DEAD_LETTERS = letters -> {
        throw new AssertionError("the roster refused " + letters.size() + " events: " + letters);
    };

    private static KafkaProducer<String, byte[]> producer;

    protected final JdbcTemplate db =
            new JdbcTemplate(HeroesInfrastructure.get().dataSource(DbRole.SUPERUSER));

    /**
     * Migrated by test-support as the owner, as scripts/migrate.sh migrates before the stack starts the service: the
     * aggregator migrates nothing and is given only what the stack gives it, the writer's credentials.
     */
    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        HeroesInfrastructure.get().migrate();
        HeroesInfrastructure.get().registerServiceProperties(registry, DbRole.WRITER);
    }

    @BeforeAll
    static void startProducer() {
        producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        HeroesInfrastructure.get().kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    @AfterAll
    static void stopProducer() {
        producer.close(Duration.ofSeconds(5));
    }

    /** Publishes {@code record} as ingest would (its topic and key, Avro single-object encoding). */
    protected static RecordMetadata send(SpecificRecord record) {
        return sendRaw(
                EventKind.of(record).topic().topicName(), EventKind.of(record).key(record), CODEC.encode(record));
    }

    protected static RecordMetadata sendRaw(String topic, String key, byte[] value) {
        try {
            return producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge a test record", e);
        }
    }

    protected static ConditionFactory eventually(String description) {
        return await(description).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200));
    }

    /** Waits until {@code sql} (a count) answers {@code expected}. */
    protected void awaitCount(String description, long expected, String sql, Object... args) {
        eventually(description).until(() -> db.queryForObject(sql, Long.class, args), n -> n == expected);
    }

    /**
     * Waits until the aggregator has stored, in the database, an offset past {@code sent}: the batch
     * that held it, and every earlier record of its partition, is written and dead-lettered completely.
     * (Kafka's committed offsets are advisory; {@code consumer_offsets} is the record.)
     */
    protected void awaitCommittedPast(RecordMetadata sent) {
        eventually("offset " + sent.offset() + " of " + sent.topic() + "-" + sent.partition()
                        + " stored for heroes-aggregator")
                .until(
                        () -> db.queryForObject("""
                                SELECT coalesce(max(next_offset), -1) FROM consumer_offsets
                                WHERE consumer_group = 'heroes-aggregator' AND topic = ? AND kafka_partition = ?
                                """, Long.class, sent.topic(), sent.partition()),
                        next -> next > sent.offset());
    }

    /** Publishes every record, then waits until the aggregator has stored offsets past the last one of each partition. */
    protected void sendAllAndAwaitStored(List<? extends SpecificRecord> records) {
        Map<TopicPartition, RecordMetadata> last = new HashMap<>();
        for (SpecificRecord record : records) {
            RecordMetadata sent = send(record);
            last.merge(
                    new TopicPartition(sent.topic(), sent.partition()),
                    sent,
                    (a, b) -> a.offset() > b.offset() ? a : b);
        }
        last.values().forEach(this::awaitCommittedPast);
    }

    /**
     * Places the student of every event in {@code events} on the roster of the classroom the event names (a
     * roster record a day before {@link TestRecords#T0}) and waits until they are stored: events of students on no
     * roster are held, not written (ADR 0021). Events without a student are left alone.
     */
    protected void rosterStudentsOf(List<? extends SpecificRecord> events) {
        Map<String, String> classroomOf = new java.util.LinkedHashMap<>();
        for (SpecificRecord event : events) {
            EventKind kind = EventKind.of(event);
            if (kind.family() == EventKind.Family.EVENT) {
                kind.studentId(event)
                        .ifPresent(student ->
                                classroomOf.put(student, kind.classroomId(event).orElseThrow()));
            }
        }
        sendAllAndAwaitStored(classroomOf.entrySet().stream()
                .map(s -> TestRecords.student(s.getKey(), s.getValue(), TestRecords.T0.minus(Duration.ofDays(1))))
                .toList());
    }

    /** Every record now on {@code topic}'s dead-letter topic with this key, read from the beginning. */
    protected static List<ConsumerRecord<String, byte[]>> deadLetters(Topic topic, String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        HeroesInfrastructure.get().kafkaBootstrap(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.deadLetterTopicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            eventually("read " + topic.deadLetterTopicName() + " to its end").until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return found;
    }

    protected List<Map<String, Object>> rows(String sql, Object... args) {
        return db.queryForList(sql, args);
    }
}
