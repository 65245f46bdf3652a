package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The packaged aggregator stopped with SIGTERM, as an orchestrator stops it, at random moments under load four
 * times while a producer keeps sending, then restarted: every stop ends within the shutdown time-out with a
 * clean close (the listener stopped after its batch, the pool closed after it), and at the end the raw rows are
 * exactly the distinct events sent and every rollup equals its raw computation: nothing lost, nothing doubled.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class GracefulShutdownIT {

    private static final int STOPS = 4;
    // aggregator.batch.shutdown-timeout (40 s) plus the context's other phases and a slow machine
    private static final Duration SHUTDOWN_BOUND = Duration.ofSeconds(60);
    // the JVM's exit status after SIGTERM once its shutdown hooks (Spring's context close) have finished
    private static final int EXIT_ON_SIGTERM = 128 + 15;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final JdbcTemplate db = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
    private final String group = "heroes-aggregator-term-" + UUID.randomUUID();
    private final Random random = new Random(21);
    private final SentLoad load = new SentLoad();
    private AggregatorProcess aggregator;
    private int starts;

    @AfterEach
    void stopAggregator() {
        if (aggregator != null) {
            aggregator.close();
        }
    }

    @Test
    void stoppedWithSigtermUnderLoadTheAggregatorLosesAndDoublesNothing() throws Exception {
        var term = new GeneratedTerm(21, 4, 20, 25);
        List<SpecificRecord> records = term.records();
        int chunk = records.size() / (STOPS + 1);
        infra.migrate();
        try (var producer = producer()) {
            for (int stop = 0; stop < STOPS; stop++) {
                List<SpecificRecord> sent = records.subList(stop * chunk, (stop + 1) * chunk);
                // half before the start (a backlog), half while it consumes (load at the moment of the SIGTERM)
                load.sendAll(sent.subList(0, chunk / 2), r -> SentLoad.send(producer, r));
                long before = SentLoad.storedTotal(db, group);
                aggregator = AggregatorProcess.start(infra, group, "graceful-shutdown", ++starts);
                load.sendAll(sent.subList(chunk / 2, sent.size()), r -> SentLoad.send(producer, r));
                await("aggregator process " + starts + " commits a batch")
                        .atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> SentLoad.storedTotal(db, group), total -> total > before);
                long moreMillis = random.nextInt(1500);
                await("aggregator runs " + moreMillis + " ms more before SIGTERM")
                        .pollDelay(Duration.ofMillis(moreMillis))
                        .atMost(Duration.ofMillis(moreMillis + 1000))
                        .until(() -> true);
                assertStopsCleanly();
            }
            load.sendAll(records.subList(STOPS * chunk, records.size()), r -> SentLoad.send(producer, r));
        }
        aggregator = AggregatorProcess.start(infra, group, "graceful-shutdown", ++starts);
        load.awaitStoredPast(db, group, Duration.ofSeconds(240));
        assertStopsCleanly();

        assertRawRowsAreTheDistinctEventsSent(term);
        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
    }

    private void assertStopsCleanly() throws Exception {
        long began = System.nanoTime();
        OptionalInt exit = aggregator.terminate(SHUTDOWN_BOUND);
        Duration took = Duration.ofNanos(System.nanoTime() - began);

        assertThat(exit)
                .as("run %d stops within %s after SIGTERM (see %s)", starts, SHUTDOWN_BOUND, aggregator.log())
                .hasValue(EXIT_ON_SIGTERM);
        String output = aggregator.output();
        assertThat(output)
                .as(
                        "run %d closed its pool after the listener stopped, in %s ms (see %s)",
                        starts, took.toMillis(), aggregator.log())
                .contains("aggregator-writer - Shutdown completed")
                .doesNotContain(" ERROR ");
        assertThat(output.lastIndexOf("Consumer stopped"))
                .as("run %d: every consumer stopped before the pool closed", starts)
                .isPositive()
                .isLessThan(output.indexOf("aggregator-writer - Shutdown completed"));
    }

    private void assertRawRowsAreTheDistinctEventsSent(GeneratedTerm term) {
        String[] ids = term.classrooms().toArray(String[]::new);

        assertThat(db.queryForObject(
                        "SELECT count(*) FROM analytics_events WHERE classroom_id = ANY (?::uuid[])",
                        Long.class,
                        (Object) ids))
                .isEqualTo(RollupChecks.distinctStored(term, AnalyticsEvent.class));
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM student_feedback WHERE classroom_id = ANY (?::uuid[])",
                        Long.class,
                        (Object) ids))
                .isEqualTo(RollupChecks.distinctStored(term, FeedbackEvent.class));
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
}
