package org.heroes.analytics.cli.forget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
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
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code heroes forget-student} against the real broker and database of test-support: the roster topic is
 * compacted and would keep the student's last roster record for good, so the forget writes a tombstone for the
 * student's roster key (the student's id, as ingest keys it); after it the topic's latest value for that key is
 * the tombstone, and the id is on {@code forgotten_students}.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class ForgetStudentCommandIT {

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();

    @Test
    void forgettingAStudentLeavesATombstoneAsTheLatestValueOfTheirRosterKey() throws Exception {
        infra.migrate();
        String student = UUID.randomUUID().toString();
        StudentRecord rostered = StudentRecord.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setOccurredAt(Instant.parse("2026-11-26T09:30:00Z"))
                .setStudentId(student)
                .setClassroomId(UUID.randomUUID().toString())
                .setAnonymousId("hero-forget-cli")
                .setActive(true)
                .build();
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infra.kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(
                            Topic.ROSTER.topicName(),
                            EventKind.of(rostered).key(rostered),
                            EventCodec.create().encode(rostered)))
                    .get(30, TimeUnit.SECONDS);
        }
        assertThat(latestValue(student))
                .as("the roster record before the forget")
                .isPresent();

        String output = forget(student);

        assertThat(output).contains("forgot " + student).contains("roster tombstone");
        assertThat(latestValue(student))
                .as("the roster topic's latest record for the student's key")
                .isEqualTo(Optional.of(Optional.empty()));
        assertThat(new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER))
                        .queryForObject(
                                "SELECT count(*) FROM forgotten_students WHERE student_id = ?::uuid",
                                Long.class,
                                student))
                .isEqualTo(1);
    }

    /** Runs the command as scripts/forget-student.sh does, configured by the stack's variables; answers stdout. */
    private String forget(String student) {
        Map<String, String> previous = new HashMap<>();
        infra.environment().forEach((name, value) -> previous.put(name, System.setProperty(name, value)));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int exit = HeroesCli.commandLine().execute("forget-student", student);
            assertThat(exit).as("exit code; output: %s", captured).isZero();
        } finally {
            System.setOut(stdout);
            previous.forEach((name, value) -> {
                if (value == null) {
                    System.clearProperty(name);
                } else {
                    System.setProperty(name, value);
                }
            });
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    /**
     * The value of the last record with this key on the roster topic, read from the beginning: empty if there is
     * none, {@code Optional.of(Optional.empty())} if it is a tombstone.
     */
    private Optional<Optional<byte[]>> latestValue(String key) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(
                Map.<String, Object>of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infra.kafkaBootstrap(),
                        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                        "read_committed"),
                new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.ROSTER.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            await("read " + Topic.ROSTER.topicName() + " to its end")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                            if (key.equals(r.key())) {
                                found.add(r);
                            }
                        });
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
        }
        return found.isEmpty()
                ? Optional.empty()
                : Optional.of(Optional.ofNullable(found.get(found.size() - 1).value()));
    }
}
