package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * A Citus worker down while events flow (issue 20): every batch fails (its shards, and {@code consumer_offsets}, a
 * reference table on every node, are out of reach), the failures are transient, so the aggregator backs off and
 * retries: no offset is stored while the worker is down, Kafka's advisory offsets never pass the stored ones, no
 * failure is classified fatal or blamed on a record ({@code WriteFailures}), and nothing is dead-lettered. Once the worker is back, every event is counted exactly once. Only on a Citus cluster
 * ({@code -Dheroes.infrastructure=citus}, the Maven profile {@code citus}); ResilienceIT covers a database restart on
 * one node.
 */
@EnabledIfSystemProperty(named = "heroes.infrastructure", matches = "citus")
@ExtendWith(OutputCaptureExtension.class)
class CitusWorkerDownIT extends AggregatorIntegrationTest {

    private static final String GROUP = "heroes-aggregator";
    private static final int WORKER = 1;
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    @Autowired
    MeterRegistry meters;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final SentLoad load = new SentLoad();

    @Test
    void aWorkerDownMidLoadMakesTheAggregatorBackOffAndResumeCountingEveryEventExactlyOnce(CapturedOutput output)
            throws Exception {
        var term = new GeneratedTerm(31, 3, 15, 15);
        List<SpecificRecord> records = term.records();
        int third = records.size() / 3;
        double deadLettersBefore = deadLetters();
        long storedBefore = SentLoad.storedTotal(db, GROUP);
        load.sendAll(records.subList(0, third), AggregatorIntegrationTest::send);
        await("the aggregator commits a batch of the load before the worker stops")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> SentLoad.storedTotal(db, GROUP), stored -> stored > storedBefore);
        int outputBefore = output.getOut().length();

        infra.stopCitusWorker(WORKER);
        try {
            long storedAtStop = SentLoad.storedTotal(db, GROUP);
            load.sendAll(records.subList(third, records.size()), AggregatorIntegrationTest::send);
            await("no batch commits while the worker is down")
                    .pollDelay(OUTAGE)
                    .atMost(OUTAGE.plusSeconds(5))
                    .until(() -> SentLoad.storedTotal(db, GROUP), stored -> stored == storedAtStop);
            assertThat(output.getOut().substring(outputBefore))
                    .as("the batches' statements while the worker is down")
                    .contains("statement failed");
            assertKafkaOffsetsNeverPassTheStoredOnes();
        } finally {
            infra.startCitusWorker(WORKER);
        }
        load.awaitStoredPast(db, GROUP, Duration.ofSeconds(180));
        // a failed batch is logged with its kind when a retry cycle is spent (KafkaListenerConfiguration)
        assertThat(output.getOut().substring(outputBefore))
                .as("the batches' failures around the outage")
                .doesNotContain("FATAL failure writing")
                .doesNotContain("RECORD_DATA failure writing");

        RollupChecks.assertRawRowsAndRollupsExact(db, term);
        assertThat(deadLetters()).as("dead letters around the outage").isEqualTo(deadLettersBefore);
        assertKafkaOffsetsNeverPassTheStoredOnes();
    }

    /** Kafka's committed offsets are advisory, acknowledged after the database commit: never past the stored ones. */
    private void assertKafkaOffsetsNeverPassTheStoredOnes() throws ExecutionException, InterruptedException {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap());
        Map<TopicPartition, Long> stored = new HashMap<>();
        db.query(
                "SELECT topic, kafka_partition, next_offset FROM consumer_offsets WHERE consumer_group = ?",
                rs -> {
                    stored.put(
                            new TopicPartition(rs.getString("topic"), rs.getInt("kafka_partition")),
                            rs.getLong("next_offset"));
                },
                GROUP);
        try (Admin admin = Admin.create(config)) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get();
            committed.forEach((partition, offset) -> {
                if (offset != null) {
                    assertThat(offset.offset())
                            .as("Kafka's committed offset of " + partition + " against the stored one")
                            .isLessThanOrEqualTo(stored.getOrDefault(partition, 0L));
                }
            });
        }
    }

    private double deadLetters() {
        return meters.counter("aggregator.dead.letters").count();
    }
}
