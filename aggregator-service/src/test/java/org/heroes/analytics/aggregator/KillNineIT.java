package org.heroes.analytics.aggregator;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The packaged aggregator, started as a process of its own ({@code java -jar}, consumer group of its
 * own so the in-JVM test application does not share the work), killed with SIGKILL at random moments
 * under load five times, then restarted: raw rows and every rollup equal what the sent events imply.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class KillNineIT {

    private static final EventCodec CODEC = EventCodec.create();
    private static final int KILLS = 5;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final JdbcTemplate db = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
    private final String group = "heroes-aggregator-kill-" + UUID.randomUUID();
    private final Random random = new Random(9);
    private final Map<String, RecordMetadata> last = new HashMap<>();
    private AggregatorProcess aggregator;
    private int starts;

    @AfterEach
    void stopAggregator() {
        if (aggregator != null) {
            aggregator.destroyForcibly();
        }
    }

    @Test
    void killedAtRandomMomentsUnderLoadTheAggregatorStillCountsEveryEventExactlyOnce() throws Exception {
        var term = new GeneratedTerm(13, 4, 20, 25);
        List<SpecificRecord> records = term.records();
        int chunk = records.size() / (KILLS + 1);
        infra.migrate();
        try (var producer = producer()) {
            for (int kill = 0; kill < KILLS; kill++) {
                send(producer, records.subList(kill * chunk, (kill + 1) * chunk));
                long before = storedTotal();
                startAggregator();
                await("aggregator process " + starts + " commits a batch")
                        .atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(100))
                        .until(this::storedTotal, total -> total > before);
                long moreMillis = random.nextInt(1500);
                await("aggregator runs " + moreMillis + " ms more before SIGKILL")
                        .pollDelay(Duration.ofMillis(moreMillis))
                        .atMost(Duration.ofMillis(moreMillis + 1000))
                        .until(() -> true);
                aggregator.kill();
            }
            send(producer, records.subList(KILLS * chunk, records.size()));
        }
        startAggregator();
        last.values().forEach(this::awaitStoredPast);

        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
    }

    private long storedTotal() {
        return db.queryForObject(
                "SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets WHERE consumer_group = ?",
                Long.class,
                group);
    }

    private void startAggregator() throws IOException {
        aggregator = AggregatorProcess.start(infra, group, "kill-nine", ++starts);
    }

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infra.kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private void send(KafkaProducer<String, byte[]> producer, List<SpecificRecord> records)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (SpecificRecord record : records) {
            sends.add(producer.send(
                    new ProducerRecord<>(Topic.of(record).topicName(), Topic.keyOf(record), CODEC.encode(record))));
        }
        for (Future<RecordMetadata> f : sends) {
            RecordMetadata sent = f.get(30, TimeUnit.SECONDS);
            last.merge(sent.topic() + "-" + sent.partition(), sent, (a, b) -> a.offset() > b.offset() ? a : b);
        }
    }

    private void awaitStoredPast(RecordMetadata sent) {
        await("offset " + sent.offset() + " of " + sent.topic() + "-" + sent.partition() + " stored for " + group)
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> db.queryForObject("""
                                SELECT coalesce(max(next_offset), -1) FROM consumer_offsets
                                WHERE consumer_group = ? AND topic = ? AND kafka_partition = ?
                                """, Long.class, group, sent.topic(), sent.partition()),
                        next -> next > sent.offset());
    }
}
