package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;

/** Exactness when the group rebalances under load and when PgBouncer goes away mid-load. */
class ResilienceIT extends AggregatorIntegrationTest {

    @Autowired
    MeterRegistry meters;

    private final Map<String, RecordMetadata> last = new HashMap<>();

    @Test
    void twoInstancesInOneGroupCountEveryEventExactlyOnceThroughRebalances() {
        var term = new GeneratedTerm(7, 4, 15, 15);
        List<SpecificRecord> records = term.records();
        int third = records.size() / 3;

        try (ConfigurableApplicationContext second = startSecondInstance()) {
            sendAll(records.subList(0, third));
            try (ConfigurableApplicationContext third_ = startSecondInstance()) {
                sendAll(records.subList(third, 2 * third));
            }
            sendAll(records.subList(2 * third, records.size()));
            awaitAllCommitted();
        }

        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
    }

    @Test
    void pgBouncerDownMidLoadLosesNothingDoublesNothingAndDeadLettersNothing() {
        var term = new GeneratedTerm(11, 3, 15, 15);
        List<SpecificRecord> records = term.records();
        double deadLettersBefore = deadLetters();
        HeroesInfrastructure infra = HeroesInfrastructure.get();

        sendAll(records.subList(0, records.size() / 2));
        infra.stopPgBouncer();
        try {
            sendAll(records.subList(records.size() / 2, records.size()));
            await("PgBouncer stays down for 20 s")
                    .pollDelay(Duration.ofSeconds(20))
                    .atMost(Duration.ofSeconds(21))
                    .until(() -> true);
        } finally {
            infra.startPgBouncer();
        }
        awaitAllCommitted();

        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM analytics_events WHERE classroom_id = ANY(?::uuid[])",
                        Long.class,
                        (Object) term.classrooms().toArray(String[]::new)))
                .isEqualTo(records.stream()
                        .filter(r -> r instanceof org.heroes.analytics.schemas.avro.AnalyticsEvent)
                        .distinct()
                        .count());
        assertThat(deadLetters()).as("dead letters during the outage").isEqualTo(deadLettersBefore);
    }

    private double deadLetters() {
        return meters.counter("aggregator.dead.letters").count();
    }

    private static ConfigurableApplicationContext startSecondInstance() {
        Map<String, Object> properties =
                new HashMap<>(HeroesInfrastructure.get().environment());
        properties.put("HEROES_AGGREGATOR_PORT", "0");
        return AggregatorApplication.application().properties(properties).run();
    }

    private void sendAll(List<SpecificRecord> records) {
        for (SpecificRecord record : records) {
            RecordMetadata sent = send(record);
            last.merge(sent.topic() + "-" + sent.partition(), sent, (a, b) -> a.offset() > b.offset() ? a : b);
        }
    }

    private void awaitAllCommitted() {
        last.values().forEach(this::awaitCommittedPast);
    }
}
