package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.heroes.analytics.cli.HeroesCli;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 6: dead letters written with a schema the consumer did not know are redriven after the schema
 * is added, and land (once, however often redriven); the ones still invalid stay in the dead-letter topic
 * and are listed with their reasons. The live aggregator dead-letters them, is restarted knowing the
 * schema (the operator's {@code HEROES_EXTRA_SCHEMAS_DIR}), and {@code heroes redrive} sends them back.
 */
class DeadLetterRedriveIT {

    private static final Duration LANDING = Duration.ofSeconds(90);
    private static final int NEW_SCHEMA_EVENTS = 20;
    private static final String EVENT_IDS = """
            SELECT event_id::text FROM analytics_events WHERE classroom_id = ?::uuid
            """;
    private static final String ROLLUP_COUNT = """
            SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid
            """;

    /** AnalyticsEvent as a newer client app writes it: one optional field more, unknown to this build. */
    private static final Schema NEWER_ANALYTICS = newerAnalyticsSchema();

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final String classroom = UUID.randomUUID().toString();
    private final Instant occurredAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

    @TempDir
    Path extraSchemas;

    @Test
    void deadLettersOfAnUnknownSchemaLandOnceTheSchemaIsAddedAndTheStillInvalidOnesStay() throws Exception {
        Instant start = Instant.now();
        List<String> newSchemaIds = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < NEW_SCHEMA_EVENTS; i++) {
            String eventId = UUID.randomUUID().toString();
            newSchemaIds.add(eventId);
            payloads.add(newer(eventId, "lesson_opened"));
        }
        String newSchemaInvalidId = UUID.randomUUID().toString();
        payloads.add(newer(newSchemaInvalidId, "Lesson Opened!"));
        payloads.add("not avro at all".getBytes(StandardCharsets.UTF_8));
        String currentInvalidId = UUID.randomUUID().toString();
        payloads.add(EventCodec.create().encode(current(currentInvalidId, "UPPER_CASE")));
        int deadLetters = payloads.size();

        try (ConfigurableApplicationContext aggregator = RunningServices.startAggregator(infra)) {
            produce(payloads);
            await("the aggregator dead-letters all " + deadLetters)
                    .atMost(LANDING)
                    .until(() -> deadLettersKeyedByTheClassroom().size(), n -> n == deadLetters);
            assertThat(eventIdsInTheDatabase()).isEmpty();
        }

        String unknown = redrive("--dry-run", "--from", start.toString());
        assertThat(unknown)
                .as("without the schema nothing passes")
                .contains("dry run: examined " + deadLetters + ", would redrive 0, still failing " + deadLetters)
                .contains((NEW_SCHEMA_EVENTS + 1) + "  unknown schema fingerprint");

        Files.writeString(extraSchemas.resolve("AnalyticsEvent-v2.avsc"), NEWER_ANALYTICS.toString(true));
        try (ConfigurableApplicationContext aggregator =
                RunningServices.startAggregator(infra, "--HEROES_EXTRA_SCHEMAS_DIR=" + extraSchemas)) {
            String report = redrive("--from", start.toString(), "--extra-schemas", extraSchemas.toString());

            assertThat(report)
                    .contains("examined " + deadLetters + ", redriven " + NEW_SCHEMA_EVENTS + ", still failing 3")
                    .contains("1  eventType: must match [a-z0-9_.-]{1,64}")
                    .contains("eventId " + newSchemaInvalidId)
                    .contains("1  eventCategory: must match [a-z0-9_.-]{1,64}")
                    .contains("eventId " + currentInvalidId)
                    .contains("1  payload does not start with the Avro single-object marker C3 01")
                    .as("the original position read from Spring's binary headers")
                    .contains("(from " + Topic.ANALYTICS.topicName() + "-")
                    .doesNotContain("?@")
                    .doesNotContain("unknown schema fingerprint");
            await("the redriven events land")
                    .atMost(LANDING)
                    .untilAsserted(() ->
                            assertThat(eventIdsInTheDatabase()).containsExactlyInAnyOrderElementsOf(newSchemaIds));
            assertThat(deadLettersKeyedByTheClassroom())
                    .as("the dead letters stay where they are; no new ones")
                    .hasSize(deadLetters);

            String again = redrive("--from", start.toString(), "--extra-schemas", extraSchemas.toString());
            assertThat(again).contains("redriven " + NEW_SCHEMA_EVENTS + ", still failing 3");
            // same key, same partition: once the marker has landed, the repeats before it were processed
            String marker = UUID.randomUUID().toString();
            produce(List.of(EventCodec.create().encode(current(marker, "marker"))));
            await("the marker after the second redrive lands")
                    .atMost(LANDING)
                    .until(() -> eventIdsInTheDatabase().contains(marker));
            assertThat(eventIdsInTheDatabase())
                    .as("redriven twice, counted once")
                    .hasSize(NEW_SCHEMA_EVENTS + 1)
                    .doesNotContain(newSchemaInvalidId, currentInvalidId);
            assertThat(rollupCount()).isEqualTo(NEW_SCHEMA_EVENTS + 1);
        }
    }

    @Test
    void anUnknownTopicIsRefusedWithExitCodeTwoAndOneLine() {
        StringWriter err = new StringWriter();
        int exit = HeroesCli.commandLine()
                .setErr(new PrintWriter(err))
                .execute("redrive", "--topic", "heroes.nonsense.v1", "--kafka-bootstrap", infra.kafkaBootstrap());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).startsWith("heroes redrive: --topic heroes.nonsense.v1 is not one of");
        assertThat(err.toString().strip().lines()).hasSize(1);
    }

    private String redrive(String... options) {
        List<String> args = new ArrayList<>(List.of(
                "redrive", "--topic", Topic.ANALYTICS.topicName(), "--kafka-bootstrap", infra.kafkaBootstrap()));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HeroesCli.commandLine()
                .setOut(new PrintWriter(out))
                .setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        assertThat(exit).as("heroes redrive: %s%s", out, err).isZero();
        return out.toString();
    }

    private byte[] newer(String eventId, String eventType) {
        GenericRecord record = new GenericData.Record(NEWER_ANALYTICS);
        record.put("eventId", eventId);
        record.put("classroomId", classroom);
        record.put("occurredAt", occurredAt.toEpochMilli());
        record.put("eventType", eventType);
        record.put("eventCategory", "navigation");
        record.put("deviceModel", "tablet-7");
        try {
            ByteBuffer buffer =
                    new BinaryMessageEncoder<GenericRecord>(GenericData.get(), NEWER_ANALYTICS).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private AnalyticsEvent current(String eventId, String eventCategory) {
        return AnalyticsEvent.newBuilder()
                .setEventId(eventId)
                .setClassroomId(classroom)
                .setOccurredAt(occurredAt)
                .setEventType("lesson_opened")
                .setEventCategory(eventCategory)
                .build();
    }

    private void produce(List<byte[]> payloads) throws InterruptedException, ExecutionException, TimeoutException {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infra.kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            for (byte[] payload : payloads) {
                producer.send(new ProducerRecord<>(Topic.ANALYTICS.topicName(), classroom, payload))
                        .get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** Every record in the analytics dead-letter topic keyed by this test's classroom. */
    private List<ConsumerRecord<String, byte[]>> deadLettersKeyedByTheClassroom() {
        String topic = Topic.ANALYTICS.deadLetterTopicName();
        List<ConsumerRecord<String, byte[]>> letters = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infra.kafkaBootstrap(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<TopicPartition> remaining = new HashSet<>(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!remaining.isEmpty() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (classroom.equals(record.key())) {
                        letters.add(record);
                    }
                }
                remaining.removeIf(p -> consumer.position(p) >= end.get(p));
            }
            assertThat(remaining).as("dead-letter partitions read to their end").isEmpty();
        }
        return letters;
    }

    private Set<String> eventIdsInTheDatabase() throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection connection = infra.dataSource(DbRole.SUPERUSER).getConnection();
                PreparedStatement statement = connection.prepareStatement(EVENT_IDS)) {
            statement.setString(1, classroom);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
        }
        return ids;
    }

    private long rollupCount() throws SQLException {
        try (Connection connection = infra.dataSource(DbRole.SUPERUSER).getConnection();
                PreparedStatement statement = connection.prepareStatement(ROLLUP_COUNT)) {
            statement.setString(1, classroom);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Schema newerAnalyticsSchema() {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : AnalyticsEvent.getClassSchema().getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(new Schema.Field(
                "deviceModel",
                Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                "the client device, added by a newer app",
                Schema.Field.NULL_DEFAULT_VALUE));
        Schema base = AnalyticsEvent.getClassSchema();
        return Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
    }
}
