package org.heroes.analytics.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.KafkaBrokerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request's whole wait is bounded by its deadline ({@code ingest.kafka.ack-timeout}), also when the producer's
 * buffer is full. The broker is frozen (SIGSTOP): its connections stay open, so the producer keeps its metadata and
 * buffers, but nothing is acknowledged and each batch holds its memory until its delivery timeout. With a 16 KiB
 * buffer, a request of 500
 * events (about 400 KiB of random properties that compression cannot shrink) fills the buffer at once, and every
 * further send waits for memory that only expiring batches free. The answer must be 503 with nothing accepted,
 * within the deadline and a small margin. Runs a broker process of its own (test-support): the shared broker is
 * never disturbed.
 */
@SpringBootTest(
        classes = IngestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=ingest-service",
            "ingest.kafka.ack-timeout=" + FullProducerBufferIT.DEADLINE_MILLIS + "ms",
            "ingest.kafka.batch-size=8KB",
            "spring.kafka.producer.buffer-memory=16KB"
        })
@DirtiesContext // closes the producer while its broker is up
class FullProducerBufferIT {

    static final long DEADLINE_MILLIS = 3000;
    /** HTTP, validation and encoding of 500 events on a busy 2-core machine, beyond the deadline. */
    static final Duration MARGIN = Duration.ofMillis(3000);

    static final double QUOTA_BYTES_PER_SECOND = 20_000;
    static final Logger LOG = LoggerFactory.getLogger(FullProducerBufferIT.class);

    static final HeroesInfrastructure INFRA = HeroesInfrastructure.get();
    static final KafkaBrokerProcess BROKER = INFRA.startKafkaBrokerProcess();
    static final TokenIssuer TOKENS = INFRA.tokens();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final UUID CLASSROOM = UUID.randomUUID();
    static final String TOKEN = TOKENS.clientToken(CLASSROOM, Duration.ofMinutes(10));

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        IngestTests.useOwnBroker(registry, BROKER::bootstrapServers);
    }

    @AfterAll
    static void stopBroker() {
        BROKER.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aRequestAnswers503WithinItsDeadlineWhenTheProducerBufferIsFull() throws Exception {
        // a fresh producer's first acknowledgement (connections, producer id, metadata) may take longer than the
        // deadline on a busy machine
        await("the broker process acknowledges an event")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> post(1).statusCode() == 202);

        HttpResponse<String> answer;
        Duration took;
        throttleProducers(true);
        try {
            long started = System.nanoTime();
            answer = post(500);
            took = Duration.ofNanos(System.nanoTime() - started);
        } finally {
            throttleProducers(false);
        }

        LOG.info("500 events answered {} after {} (deadline {} ms)", answer.statusCode(), took, DEADLINE_MILLIS);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.headers().firstValue("Retry-After")).isPresent();
        assertThat(JSON.readTree(answer.body()).has("accepted"))
                .as("nothing reported accepted")
                .isFalse();
        assertThat(took)
                .as("the whole request, against its deadline of %d ms", DEADLINE_MILLIS)
                .isLessThanOrEqualTo(Duration.ofMillis(DEADLINE_MILLIS).plus(MARGIN));
    }

    /** Sets, or removes, the broker's default producer byte-rate quota of {@value #QUOTA_BYTES_PER_SECOND} B/s. */
    private static void throttleProducers(boolean on) throws Exception {
        var everyClient = new ClientQuotaEntity(Collections.singletonMap(ClientQuotaEntity.CLIENT_ID, null));
        var byteRate = new ClientQuotaAlteration.Op("producer_byte_rate", on ? QUOTA_BYTES_PER_SECOND : null);
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()))) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(everyClient, List.of(byteRate))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private HttpResponse<String> post(int count) throws Exception {
        Instant at = Instant.now().minus(1, ChronoUnit.HOURS);
        List<String> events = IntStream.range(0, count)
                .mapToObj(i -> """
                        {"kind": "analytics", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s",
                         "eventType": "quiz_answer", "eventCategory": "lesson",
                         "properties": {"a": "%s", "b": "%s", "c": "%s"}}""".formatted(UUID.randomUUID(), CLASSROOM, at, noise(), noise(), noise()))
                .toList();
        // well beyond the deadline, so that a request that overruns it is measured, not cut off
        return IngestTests.post(port, TOKEN, events, Duration.ofSeconds(120));
    }

    /** 252 random characters (a property value may have 256): what compression cannot shrink. */
    private static String noise() {
        return IntStream.range(0, 7).mapToObj(i -> UUID.randomUUID().toString()).collect(Collectors.joining());
    }
}
