package org.heroes.analytics.aggregator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
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

    private static final int KILLS = 5;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final JdbcTemplate db = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
    private final String group = "heroes-aggregator-kill-" + UUID.randomUUID();
    private final Random random = new Random(9);
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
    void killedAtRandomMomentsUnderLoadTheAggregatorStillCountsEveryEventExactlyOnce() {
        var term = new GeneratedTerm(13, 4, 20, 25);
        List<SpecificRecord> records = term.records();
        int chunk = records.size() / (KILLS + 1);
        infra.migrate();
        try (var producer = SentLoad.producer(infra.kafkaBootstrap())) {
            for (int kill = 0; kill < KILLS; kill++) {
                load.sendAll(records.subList(kill * chunk, (kill + 1) * chunk), r -> SentLoad.send(producer, r));
                long before = SentLoad.storedTotal(db, group);
                startAggregator();
                await("aggregator process " + starts + " commits a batch")
                        .atMost(Duration.ofSeconds(180))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> SentLoad.storedTotal(db, group), total -> total > before);
                long moreMillis = random.nextInt(1500);
                await("aggregator runs " + moreMillis + " ms more before SIGKILL")
                        .pollDelay(Duration.ofMillis(moreMillis))
                        .atMost(Duration.ofMillis(moreMillis + 1000))
                        .until(() -> true);
                aggregator.kill();
            }
            load.sendAll(records.subList(KILLS * chunk, records.size()), r -> SentLoad.send(producer, r));
        }
        startAggregator();
        load.awaitStoredPast(db, group, Duration.ofSeconds(240));

        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
    }

    private void startAggregator() {
        aggregator = AggregatorProcess.start(infra, group, "kill-nine", ++starts);
    }
}
