package org.heroes.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The broker goes away in the middle of a client's work and comes back: while it is away a request is
 * answered 503 with nothing accepted; the client's retry with the same eventIds is answered 202, and a
 * downstream consumer, which deduplicates by eventId, sees every event exactly once. Runs its own broker
 * (spring-kafka-test's KRaft kit, whose broker restarts on the same port) so the shared one is never
 * disturbed.
 */
@SpringBootTest(
        classes = IngestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=ingest-service", "ingest.kafka.ack-timeout=3s"})
@DirtiesContext // closes the producer while its broker is still up
class BrokerOutageIT {

    static final String BROKER_LIST_PROPERTY = "heroes.test.broker-outage.brokers";
    static final HeroesInfrastructure INFRA = HeroesInfrastructure.get();
    static final EmbeddedKafkaKraftBroker BROKER = startBroker();
    static final TokenIssuer TOKENS = INFRA.tokens();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final EventCodec CODEC = EventCodec.create();

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        IngestTests.useOwnBroker(registry, BROKER::getBrokersAsString);
    }

    @LocalServerPort
    int port;

    final UUID classroom = UUID.randomUUID();
    final String token = TOKENS.clientToken(classroom, Duration.ofMinutes(10));

    @Test
    void brokerAwayIs503WithNothingAcceptedAndTheRetryLandsOncePerEventId() throws Exception {
        List<String> before = eventIds(5);
        List<String> during = eventIds(10);
        assertThat(post(before).statusCode()).isEqualTo(202);

        BrokerServer broker = BROKER.getCluster().brokers().values().iterator().next();
        broker.shutdown();
        HttpResponse<String> refused = post(during);

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(refused.body()).has("accepted"))
                .as("nothing reported accepted")
                .isFalse();

        broker.startup();
        await("the retry with the same eventIds is accepted once the broker is back")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> post(during).statusCode() == 202);

        List<String> published = publishedEventIds();
        Set<String> expected = new HashSet<>(before);
        expected.addAll(during);
        assertThat(Set.copyOf(published))
                .as("the consumer's view, deduplicated by eventId")
                .isEqualTo(expected);
        assertThat(published).as("every event reached the topic").containsAll(expected);
    }

    private List<String> eventIds(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> UUID.randomUUID().toString())
                .toList();
    }

    private HttpResponse<String> post(List<String> eventIds) throws Exception {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        List<String> events = eventIds.stream()
                .map(id -> """
                        {"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s",
                         "studentId": "%s", "lessonId": 2, "completionStatus": "in_progress"}""".formatted(id, classroom, at, classroom))
                .toList();
        return IngestTests.post(port, token, events, Duration.ofSeconds(30));
    }

    /** Every eventId of this classroom on the progress topic, duplicates included. */
    private List<String> publishedEventIds() {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                BROKER.getBrokersAsString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topic.PROGRESS.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> ids = new ArrayList<>();
            await("reading the progress topic to its end")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                            if (classroom.toString().equals(r.key())) {
                                ids.add(((ProgressEvent) CODEC.decode(r.value())).getEventId());
                            }
                        });
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
            return ids;
        }
    }

    private static EmbeddedKafkaKraftBroker startBroker() {
        List<String> topics = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            topics.add(topic.topicName());
        }
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3, topics.toArray(String[]::new));
        broker.brokerProperty("auto.create.topics.enable", "false");
        // not spring.embedded.kafka.brokers: later tests in this JVM must keep seeing the shared broker
        broker.brokerListProperty(BROKER_LIST_PROPERTY);
        broker.afterPropertiesSet();
        // stopped when the JVM ends, after the test context (closed by @DirtiesContext) let go of it
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "broker-outage-it-broker"));
        return broker;
    }
}
