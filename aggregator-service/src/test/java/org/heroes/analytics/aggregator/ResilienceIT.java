package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.KafkaBrokerProcess;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * Exactness under load when the group rebalances, when PgBouncer goes away, when PostgreSQL restarts
 * and when the Kafka broker restarts: nothing lost, nothing doubled, nothing dead-lettered.
 */
class ResilienceIT extends AggregatorIntegrationTest {

    private static final String GROUP = "heroes-aggregator";
    private static final int PARTITIONS_PER_TOPIC = 3;

    /** How long PgBouncer stays down; issue 4 asks for 30 s ({@code -Dheroes.it.pgbouncer-outage-seconds}). */
    private static final Duration PGBOUNCER_OUTAGE =
            Duration.ofSeconds(Integer.getInteger("heroes.it.pgbouncer-outage-seconds", 30));

    @Autowired
    MeterRegistry meters;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final SentLoad load = new SentLoad();

    @Test
    void twoInstancesInOneGroupCountEveryEventExactlyOnceThroughRebalances() {
        var term = new GeneratedTerm(7, 4, 15, 15);
        List<SpecificRecord> records = term.records();
        int third = records.size() / 3;

        try (ConfigurableApplicationContext second = startInstance(Map.of())) {
            load.sendAll(records.subList(0, third), AggregatorIntegrationTest::send);
            try (ConfigurableApplicationContext third_ = startInstance(Map.of())) {
                load.sendAll(records.subList(third, 2 * third), AggregatorIntegrationTest::send);
            }
            load.sendAll(records.subList(2 * third, records.size()), AggregatorIntegrationTest::send);
            load.awaitStoredPast(db, GROUP, Duration.ofSeconds(60));
        }

        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
    }

    @Test
    void pgBouncerDownMidLoadLosesNothingDoublesNothingAndDeadLettersNothing() {
        var term = new GeneratedTerm(11, 3, 15, 15);
        List<SpecificRecord> records = term.records();
        double deadLettersBefore = deadLetters();

        load.sendAll(records.subList(0, records.size() / 2), AggregatorIntegrationTest::send);
        infra.stopPgBouncer();
        try {
            load.sendAll(records.subList(records.size() / 2, records.size()), AggregatorIntegrationTest::send);
            await("PgBouncer stays down for " + PGBOUNCER_OUTAGE.toSeconds() + " s")
                    .pollDelay(PGBOUNCER_OUTAGE)
                    .atMost(PGBOUNCER_OUTAGE.plusSeconds(1))
                    .until(() -> true);
        } finally {
            infra.startPgBouncer();
        }
        load.awaitStoredPast(db, GROUP, Duration.ofSeconds(90));

        assertRawRowsAndRollupsExact(term);
        assertThat(deadLetters()).as("dead letters during the outage").isEqualTo(deadLettersBefore);
        awaitListenerHoldsEveryPartition();
    }

    @Test
    void postgresRestartedMidLoadLosesNothingDoublesNothingDeadLettersNothingAndTheConsumerResumesByItself() {
        var term = new GeneratedTerm(19, 3, 15, 15);
        List<SpecificRecord> records = term.records();
        int third = records.size() / 3;
        double deadLettersBefore = deadLetters();
        long storedBefore = SentLoad.storedTotal(db, GROUP);

        load.sendAll(records.subList(0, third), AggregatorIntegrationTest::send);
        await("the aggregator commits a batch of the load before PostgreSQL restarts")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> SentLoad.storedTotal(db, GROUP), stored -> stored > storedBefore);
        CompletableFuture<Void> rest = CompletableFuture.runAsync(
                () -> load.sendAll(records.subList(third, records.size()), AggregatorIntegrationTest::send));
        infra.restartPostgres();
        rest.join();
        load.awaitStoredPast(db, GROUP, Duration.ofSeconds(90));

        assertRawRowsAndRollupsExact(term);
        assertThat(deadLetters()).as("dead letters around the restart").isEqualTo(deadLettersBefore);
        awaitListenerHoldsEveryPartition();
    }

    @Test
    void brokerRestartedMidLoadLosesNothingDoublesNothingAndDeadLettersNothing() {
        var term = new GeneratedTerm(23, 3, 15, 15);
        List<SpecificRecord> records = term.records();
        int half = records.size() / 2;
        String group = "heroes-aggregator-broker-restart-" + UUID.randomUUID();

        try (KafkaBrokerProcess broker = infra.startKafkaBrokerProcess();
                KafkaProducer<String, byte[]> producer = SentLoad.producer(broker.bootstrapServers());
                ConfigurableApplicationContext aggregator = startInstance(
                        Map.of("HEROES_KAFKA_BOOTSTRAP", broker.bootstrapServers()),
                        // the embedded broker sets the system property spring.kafka.bootstrap-servers
                        "--spring.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                        "--spring.kafka.consumer.group-id=" + group)) {
            load.sendAll(records.subList(0, half), record -> SentLoad.send(producer, record));
            await("the aggregator commits a batch of the load before the broker restarts")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> SentLoad.storedTotal(db, group), stored -> stored > 0);
            CompletableFuture<Void> rest = CompletableFuture.runAsync(() ->
                    load.sendAll(records.subList(half, records.size()), record -> SentLoad.send(producer, record)));
            broker.restart();
            rest.join();
            load.awaitStoredPast(db, group, Duration.ofSeconds(90));

            assertRawRowsAndRollupsExact(term);
            assertThat(aggregator
                            .getBean(MeterRegistry.class)
                            .counter("aggregator.dead.letters")
                            .count())
                    .as("dead letters counted by the aggregator around the broker restart")
                    .isZero();
            assertThat(SentLoad.deadLetterEndOffsets(broker.bootstrapServers()))
                    .as("end offsets of the dead-letter topics")
                    .hasSize(Topic.values().length * PARTITIONS_PER_TOPIC)
                    .allSatisfy((partition, end) -> assertThat(end).isZero());
        }
    }

    private void assertRawRowsAndRollupsExact(GeneratedTerm term) {
        RollupChecks.assertRawRowsAndRollupsExact(db, term);
    }

    /** The listener is running and, by itself, holds every partition of the group again. */
    private void awaitListenerHoldsEveryPartition() {
        MessageListenerContainer container = listeners.getListenerContainer("aggregator");
        eventually("the aggregator's listener runs and holds all " + Topic.values().length * PARTITIONS_PER_TOPIC
                        + " partitions")
                .until(() -> container.isRunning()
                        && container.getAssignedPartitions().size() == Topic.values().length * PARTITIONS_PER_TOPIC);
    }

    private double deadLetters() {
        return meters.counter("aggregator.dead.letters").count();
    }

    private static ConfigurableApplicationContext startInstance(Map<String, String> overrides, String... args) {
        Map<String, Object> properties =
                new HashMap<>(HeroesInfrastructure.get().serviceEnvironment(DbRole.WRITER));
        properties.put("HEROES_AGGREGATOR_PORT", "0");
        properties.putAll(overrides);
        return AggregatorApplication.application().properties(properties).run(args);
    }
}
