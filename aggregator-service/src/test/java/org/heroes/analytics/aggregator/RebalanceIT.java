package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.utils.Utils;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.heroes.analytics.testsupport.KafkaBrokerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Several packaged aggregators in one consumer group under load (issue 10, part 2): instances added
 * and removed (SIGKILL and SIGTERM), one stalled past {@code max.poll.interval.ms} while its batch is
 * open so that its successor processes the same records, and Kafka's committed offsets rewound before
 * the last instance joins. Raw rows equal the distinct events sent, every rollup its raw
 * recomputation, nothing is dead-lettered, and the stored offsets only ever moved forward.
 *
 * <p>Why each step is there, and what it proves, since the writes are idempotent by themselves (dedup
 * by event id, rollups from what a batch changed, ADR 0005) and exact counts alone would survive the
 * loss of either offset mechanism:
 *
 * <ul>
 *   <li><b>Compare-and-set</b> ({@code OffsetStore.ADVANCE}). The stall step makes two consumers hold
 *       the same records deterministically: instance B's batch takes its offset rows and then waits on
 *       the raw tables, which the test locks; B is removed from the group after
 *       {@code max.poll.interval.ms}, its successor seeks to the (unchanged) stored offsets, reads the
 *       same records and waits on B's offset rows. When the tables are released B commits and the
 *       successor's compare-and-set must refuse its batch. The test asserts that a stale batch was
 *       logged and that every stored-offset update moved forward (a trigger records each one). Without
 *       the compare-and-set both batches commit: no stale batch, and the second update does not move
 *       the offset forward (same range), so both assertions fail.
 *   <li><b>Stored-offset seeking</b> ({@code StoredOffsetSeeker}). Before the last instance joins, the
 *       group is empty and its Kafka offsets are rewound to the start of every partition: Kafka's
 *       committed offsets are advisory (acknowledged after the database commit, so after a crash they
 *       lag), here by everything. The new instance must seek to the stored offsets, or, without the
 *       seek on assignment, have its first batch refused and be sought there after the stale batch.
 *       Without both, every refused batch is dropped unacknowledged while the position moves on, and
 *       the batch that straddles a stored offset loses the records past it: they are never written, so
 *       the stored offset of that partition never reaches the last record sent (or, if later records
 *       follow, raw rows fall short of the distinct events sent). Both mutations were run on
 *       2026-11-26: without the compare-and-set the test fails waiting for the refused batch; without
 *       the seeks it fails waiting for a partition's stored offset (stuck at 190 of 229).
 * </ul>
 *
 * <p>Partitions versus consumers: the topics have 3 partitions and the default range assignor gives
 * each consumer the same partition numbers of every topic, so at most 3 consumers of the whole group
 * get work. Each instance runs one consumer ({@code HEROES_AGGREGATOR_CONCURRENCY=1}, ADR 0015), so 3
 * instances hold a partition of every topic each.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class RebalanceIT {

    private static final int PARTITIONS_PER_TOPIC = 3;
    private static final String STALE_BATCH_LOG = "already written by another consumer";

    /** One row per update of this test's group's stored offsets (the compare-and-set moves only forward). */
    private static final String CREATE_OFFSET_AUDIT = """
            CREATE TABLE rebalance_it_offset_moves (
                topic text, kafka_partition int, old_next bigint, new_next bigint, moved_at timestamptz DEFAULT clock_timestamp());
            CREATE FUNCTION rebalance_it_record_move() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
                SET search_path = public AS $$
            BEGIN
                INSERT INTO rebalance_it_offset_moves (topic, kafka_partition, old_next, new_next)
                VALUES (NEW.topic, NEW.kafka_partition, OLD.next_offset, NEW.next_offset);
                RETURN NEW;
            END $$;
            CREATE TRIGGER rebalance_it_offset_moves AFTER UPDATE ON consumer_offsets FOR EACH ROW
                WHEN (NEW.consumer_group = '%s') EXECUTE FUNCTION rebalance_it_record_move();
            """;

    private static final String DROP_OFFSET_AUDIT = """
            DROP TRIGGER IF EXISTS rebalance_it_offset_moves ON consumer_offsets;
            DROP FUNCTION IF EXISTS rebalance_it_record_move();
            DROP TABLE IF EXISTS rebalance_it_offset_moves;
            """;

    private static final String BACKWARD_MOVES =
            "SELECT topic, kafka_partition, old_next, new_next FROM rebalance_it_offset_moves WHERE new_next <= old_next";

    /** Blocks every raw write (ROW EXCLUSIVE) and nothing that only reads. */
    private static final String STALL_RAW_WRITES =
            "LOCK TABLE analytics_events, student_progress, student_feedback, students IN SHARE MODE";

    private static final String LOCK_WAITERS = """
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
            """;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final JdbcTemplate db = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
    private final String group = "heroes-aggregator-rebalance-" + UUID.randomUUID();
    private final SentLoad load = new SentLoad();
    private final List<AggregatorProcess> instances = new ArrayList<>();

    @AfterEach
    void stopInstancesAndDropTheAudit() {
        instances.forEach(AggregatorProcess::close);
        db.execute(DROP_OFFSET_AUDIT);
    }

    @Test
    void instancesAddedKilledStalledAndStoppedUnderLoadCountEveryEventExactlyOnce() throws Exception {
        infra.migrate();
        db.execute(CREATE_OFFSET_AUDIT.formatted(group));
        var term = new GeneratedTerm(29, 12, 12, 25);
        List<SpecificRecord> records = term.records();
        int tenth = records.size() / 10;

        try (KafkaBrokerProcess broker = infra.startKafkaBrokerProcess();
                KafkaProducer<String, byte[]> producer = SentLoad.producer(broker.bootstrapServers());
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            Step step = new Step(producer, broker.bootstrapServers(), admin);

            step.send(records.subList(0, 2 * tenth));
            step.start("a");
            step.awaitMembers(1);
            step.startDuring("b", records.subList(2 * tenth, 3 * tenth), 2);
            step.startDuring("c", records.subList(3 * tenth, 4 * tenth), 3);

            stallOneInstanceUntilItsSuccessorHoldsTheSameRecords(step, records.subList(4 * tenth, 6 * tenth));

            CompletableFuture<Void> sending = step.sendAsync(records.subList(6 * tenth, 7 * tenth));
            instance("c").kill();
            sending.join();
            step.awaitMembers(2);
            step.sendAsync(records.subList(7 * tenth, 8 * tenth)).join();
            instance("b").terminate();
            instance("a").terminate();
            step.awaitEmptyGroupAndRewindItsKafkaOffsets();

            sending = step.sendAsync(records.subList(8 * tenth, records.size()));
            step.start("d");
            sending.join();
            load.awaitStoredPast(db, group, Duration.ofSeconds(240));

            RollupChecks.assertRawRowsAndRollupsExact(db, term);
            assertThat(SentLoad.deadLetterEndOffsets(broker.bootstrapServers()))
                    .as("end offsets of the dead-letter topics")
                    .hasSize(Topic.values().length * PARTITIONS_PER_TOPIC)
                    .allSatisfy((partition, end) -> assertThat(end).isZero());
        }
        assertThat(db.queryForList(BACKWARD_MOVES))
                .as("stored-offset updates that did not move forward")
                .isEmpty();
    }

    /**
     * Sends {@code slice}'s records of instance b's partitions while the raw tables are locked, so b's
     * batch holds its offset rows and waits; b leaves the group after {@code max.poll.interval.ms}, a
     * successor reads the same records and waits on b's offset rows; then releases the tables and sends
     * the rest of the slice.
     */
    private void stallOneInstanceUntilItsSuccessorHoldsTheSameRecords(Step step, List<SpecificRecord> slice)
            throws SQLException {
        Set<TopicPartition> held = step.partitionsOf("b");
        Map<Boolean, List<SpecificRecord>> byOwner =
                slice.stream().collect(Collectors.partitioningBy(r -> held.contains(partitionOf(r))));
        assertThat(byOwner.get(true))
                .as("records of b's partitions in the stall slice")
                .isNotEmpty();
        try (Connection lock = DriverManager.getConnection(
                        infra.jdbcUrl(DbRole.SUPERUSER),
                        infra.user(DbRole.SUPERUSER),
                        infra.password(DbRole.SUPERUSER));
                Statement statement = lock.createStatement()) {
            lock.setAutoCommit(false);
            statement.execute(STALL_RAW_WRITES);
            step.send(byOwner.get(true));
            await("b's batch and its successor's wait: b on the raw tables, the successor on b's offset rows")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> db.queryForObject(LOCK_WAITERS, Long.class), waiting -> waiting >= 2);
            lock.rollback();
        }
        step.send(byOwner.get(false));
        await("the compare-and-set refuses the batch that lost the race")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> instances.stream().anyMatch(i -> i.logLinesContaining(STALE_BATCH_LOG) > 0));
    }

    private static TopicPartition partitionOf(SpecificRecord record) {
        byte[] key = EventKind.of(record).key(record).getBytes(StandardCharsets.UTF_8);
        // the producer's default partitioner for keyed records
        return new TopicPartition(
                EventKind.of(record).topic().topicName(), Utils.toPositive(Utils.murmur2(key)) % PARTITIONS_PER_TOPIC);
    }

    private AggregatorProcess instance(String name) {
        return instances.stream()
                .filter(i -> i.log().getFileName().toString().equals(name + ".log"))
                .findFirst()
                .orElseThrow();
    }

    /** The steps of the scenario against this test's own broker. */
    private final class Step {

        private final KafkaProducer<String, byte[]> producer;
        private final String bootstrap;
        private final Admin admin;

        Step(KafkaProducer<String, byte[]> producer, String bootstrap, Admin admin) {
            this.producer = producer;
            this.bootstrap = bootstrap;
            this.admin = admin;
        }

        void send(List<SpecificRecord> records) {
            load.sendAll(records, r -> SentLoad.send(producer, r));
        }

        CompletableFuture<Void> sendAsync(List<SpecificRecord> records) {
            return CompletableFuture.runAsync(() -> send(records));
        }

        /**
         * One consumer per instance; a short session time-out so a killed instance's partitions move on
         * within seconds; {@code max.poll.interval.ms} short enough for the stall step; small batches so
         * that rebalances fall between many of them.
         */
        void start(String name) {
            Map<String, String> environment = new HashMap<>(infra.serviceEnvironment(DbRole.WRITER));
            environment.put("HEROES_KAFKA_BOOTSTRAP", bootstrap);
            environment.put("HEROES_AGGREGATOR_CONCURRENCY", "1");
            instances.add(AggregatorProcess.start(
                    AggregatorProcess.executableJar(),
                    environment,
                    "256m",
                    Path.of("target", "rebalance", name + ".log"),
                    List.of(
                            "--spring.kafka.bootstrap-servers=" + bootstrap,
                            "--spring.kafka.consumer.group-id=" + group,
                            "--spring.kafka.consumer.client-id=rebalance-" + name,
                            "--spring.kafka.consumer.max-poll-records=500",
                            "--spring.kafka.consumer.properties.session.timeout.ms=6000",
                            "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000",
                            "--spring.kafka.consumer.properties.max.poll.interval.ms=15000")));
        }

        void startDuring(String name, List<SpecificRecord> records, int members) {
            CompletableFuture<Void> sending = sendAsync(records);
            start(name);
            sending.join();
            awaitMembers(members);
        }

        void awaitMembers(int members) {
            await("the group has " + members + " members, each with partitions")
                    .atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> members().stream()
                                    .filter(m ->
                                            !m.assignment().topicPartitions().isEmpty())
                                    .count(),
                            n -> n == members);
        }

        Set<TopicPartition> partitionsOf(String name) {
            return members().stream()
                    .filter(m -> m.clientId().startsWith("rebalance-" + name))
                    .flatMap(m -> m.assignment().topicPartitions().stream())
                    .collect(Collectors.toSet());
        }

        /**
         * Kafka's committed offsets of the group back to the start of every partition, as far behind the
         * stored offsets as they can be (the group must be empty for Kafka to allow it).
         */
        void awaitEmptyGroupAndRewindItsKafkaOffsets() throws Exception {
            await("the group is empty (the killed member's session expired)")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            () -> describe().map(ConsumerGroupDescription::groupState),
                            state -> state.equals(Optional.of(GroupState.EMPTY)));
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .keySet()
                    .forEach(p -> earliest.put(p, OffsetSpec.earliest()));
            Map<TopicPartition, OffsetAndMetadata> rewound = new HashMap<>();
            admin.listOffsets(earliest)
                    .all()
                    .get()
                    .forEach((p, info) -> rewound.put(p, new OffsetAndMetadata(info.offset())));
            assertThat(rewound).as("partitions with Kafka offsets to rewind").isNotEmpty();
            admin.alterConsumerGroupOffsets(group, rewound).all().get();
        }

        private Collection<MemberDescription> members() {
            return describe().map(ConsumerGroupDescription::members).orElse(List.of());
        }

        /** The group; empty before its first member joined. */
        private Optional<ConsumerGroupDescription> describe() {
            try {
                return Optional.of(
                        admin.describeConsumerGroups(List.of(group)).all().get().get(group));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    return Optional.empty();
                }
                throw new IllegalStateException("could not describe the group " + group, e);
            }
        }
    }
}
