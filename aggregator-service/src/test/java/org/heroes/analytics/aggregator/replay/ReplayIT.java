package org.heroes.analytics.aggregator.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.feedback;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.heroes.analytics.aggregator.AggregatorIntegrationTest;
import org.heroes.analytics.aggregator.GeneratedTerm;
import org.heroes.analytics.aggregator.RollupChecks;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.store.replay.Replay;
import org.heroes.analytics.store.replay.ReplayProgress;
import org.heroes.analytics.store.replay.ReplayRequest;
import org.heroes.analytics.store.replay.ReplaySummary;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * The replay against the real broker, PgBouncer and PostgreSQL, beside the live listener of the same
 * application: a replay from earliest while new traffic flows counts nothing twice; a bounded replay
 * writes exactly its range; a dry run writes and publishes nothing but counts exactly.
 */
class ReplayIT extends AggregatorIntegrationTest {

    @Autowired
    Replay replay;

    @Autowired
    KafkaListenerEndpointRegistry listeners;

    @Test
    void replayFromEarliestWhileNewEventsArriveLeavesEveryRollupEqualToTheRawRows() throws Exception {
        var stored = new GeneratedTerm(61, 3, 10, 12);
        var arriving = new GeneratedTerm(62, 3, 10, 12);
        List<SpecificRecord> storedRecords = stored.records();
        sendAllAndAwaitStored(storedRecords);
        String poisonKey = id();
        awaitCommittedPast(sendRaw(Topic.ANALYTICS.topicName(), poisonKey, bytes("not avro")));
        List<ReplayProgress> reported = new CopyOnWriteArrayList<>();

        CompletableFuture<ReplaySummary> replaying = CompletableFuture.supplyAsync(
                () -> replay.run(ReplayRequest.parse("all", "earliest", null, false), reported::add));
        sendAllAndAwaitStored(arriving.records());
        ReplaySummary summary = replaying.get(5, TimeUnit.MINUTES);

        List<String> classrooms = Stream.concat(stored.classrooms().stream(), arriving.classrooms().stream())
                .toList();
        List<SpecificRecord> sent = Stream.concat(storedRecords.stream(), arriving.records().stream())
                .toList();
        RollupChecks.assertRollupsMatchRawRows(db, classrooms);
        assertRawCountsEqualDistinctSent(classrooms, sent, r -> stored.held(r) || arriving.held(r));
        assertThat(summary.read()).isGreaterThanOrEqualTo(storedRecords.size() + 1L);
        assertThat(summary.deadLettered()).as("the poison record, again").isGreaterThanOrEqualTo(1);
        assertThat(deadLetters(Topic.ANALYTICS, poisonKey))
                .as("dead letters are at-least-once: live and replay each sent it")
                .hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(letter -> assertThat(new String(
                                letter.headers()
                                        .lastHeader(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)
                                        .value(),
                                StandardCharsets.UTF_8))
                        .isEqualTo(replay.groupId()));
        assertThat(reported).last().satisfies(last -> assertThat(last.done()).isEqualTo(last.total()));
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM consumer_offsets WHERE consumer_group = ?", Long.class, replay.groupId()))
                .as("the replay stores no offsets in the database")
                .isZero();
    }

    @Test
    void boundedReplayWritesExactlyItsRangeAndADryRunBeforeItWritesNothing() throws Exception {
        String inRange = id();
        String afterRange = id();
        List<SpecificRecord> rangeRecords = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rangeRecords.add(analytics(inRange));
        }
        for (int i = 0; i < 10; i++) {
            rangeRecords.add(feedback(inRange));
        }
        for (int lesson = 1; lesson <= 5; lesson++) {
            rangeRecords.add(progress(inRange, id(), lesson, TestRecords.T0));
        }
        List<SpecificRecord> afterRangeRecords = List.of(analytics(afterRange), feedback(afterRange));
        rosterStudentsOf(
                Stream.concat(rangeRecords.stream(), afterRangeRecords.stream()).toList());
        MessageListenerContainer live = listeners.getListenerContainer("aggregator");
        live.stop();
        try {
            Instant from = Instant.now();
            long newest = 0;
            List<RecordMetadata> rangeSent = new ArrayList<>();
            for (SpecificRecord record : rangeRecords) {
                rangeSent.add(send(record));
            }
            rangeSent.add(sendRaw(Topic.ANALYTICS.topicName(), inRange, bytes("garbage in range")));
            for (RecordMetadata sent : rangeSent) {
                newest = Math.max(newest, sent.timestamp());
            }
            Instant to = Instant.ofEpochMilli(newest + 1);
            await("the clock passes the end of the range")
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> System.currentTimeMillis() >= to.toEpochMilli());
            afterRangeRecords.forEach(AggregatorIntegrationTest::send);

            ReplaySummary dry = replay.run(ReplayRequest.parse("all", from.toString(), to.toString(), true), p -> {});

            assertThat(dry)
                    .extracting(
                            ReplaySummary::read,
                            ReplaySummary::inserted,
                            ReplaySummary::duplicatesSkipped,
                            ReplaySummary::deadLettered,
                            ReplaySummary::latestWins)
                    .containsExactly(36L, 30L, 0L, 1L, 5L);
            assertThat(countFor(inRange)).as("a dry run writes nothing").isZero();
            assertThat(deadLetters(Topic.ANALYTICS, inRange))
                    .as("a dry run publishes no dead letter")
                    .isEmpty();

            ReplaySummary real =
                    replay.run(ReplayRequest.parse("analytics", from.toString(), to.toString(), false), p -> {});
            ReplaySummary rest = replay.run(ReplayRequest.parse("all", from.toString(), to.toString(), false), p -> {});

            assertThat(real)
                    .extracting(ReplaySummary::read, ReplaySummary::inserted, ReplaySummary::deadLettered)
                    .containsExactly(21L, 20L, 1L);
            assertThat(rest)
                    .as("all topics again: the analytics events are now duplicates")
                    .extracting(
                            ReplaySummary::read,
                            ReplaySummary::inserted,
                            ReplaySummary::duplicatesSkipped,
                            ReplaySummary::latestWins)
                    .containsExactly(36L, 10L, 20L, 5L);
            assertThat(countFor(inRange)).isEqualTo(35);
            assertThat(countFor(afterRange))
                    .as("records at or past --to are not written")
                    .isZero();
            RollupChecks.assertRollupsMatchRawRows(db, List.of(inRange));
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(replay.groupId());
            assertThat(rangeSent)
                    .as("the replay group's Kafka offsets are committed past the range")
                    .allSatisfy(m -> assertThat(committed.get(new TopicPartition(m.topic(), m.partition())))
                            .isNotNull()
                            .satisfies(c -> assertThat(c.offset()).isGreaterThan(m.offset())));
        } finally {
            live.start();
        }
        eventually("the live listener writes the records after the range")
                .until(() -> countFor(afterRange), n -> n == 2);
        assertThat(countFor(inRange))
                .as("the live listener's re-read of the range counts nothing twice")
                .isEqualTo(35);
        RollupChecks.assertRollupsMatchRawRows(db, List.of(inRange, afterRange));
    }

    /** Raw rows: one per distinct event, one per distinct (student, lesson); none for events held for the roster. */
    private void assertRawCountsEqualDistinctSent(
            List<String> classrooms, List<SpecificRecord> sent, Predicate<SpecificRecord> held) {
        Object ids = classrooms.toArray(String[]::new);
        Set<String> analyticsIds = new HashSet<>();
        Set<String> feedbackIds = new HashSet<>();
        Set<String> studentLessons = new HashSet<>();
        for (SpecificRecord record : sent) {
            if (held.test(record)) {
                continue;
            }
            if (record instanceof AnalyticsEvent e) {
                analyticsIds.add(e.getEventId());
            } else if (record instanceof FeedbackEvent e) {
                feedbackIds.add(e.getEventId());
            } else if (record instanceof ProgressEvent e) {
                studentLessons.add(e.getStudentId() + "/" + e.getLessonId());
            }
        }
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM analytics_events WHERE classroom_id = ANY(?::uuid[])", Long.class, ids))
                .isEqualTo(analyticsIds.size());
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM student_feedback WHERE classroom_id = ANY(?::uuid[])", Long.class, ids))
                .isEqualTo(feedbackIds.size());
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM student_progress WHERE student_id::text || '/' || lesson_id = ANY(?)",
                        Long.class,
                        (Object) studentLessons.toArray(String[]::new)))
                .isEqualTo(studentLessons.size());
    }

    private long countFor(String classroomId) {
        return db.queryForObject("""
                SELECT (SELECT count(*) FROM analytics_events WHERE classroom_id = ?::uuid)
                     + (SELECT count(*) FROM student_feedback WHERE classroom_id = ?::uuid)
                     + (SELECT count(*) FROM student_progress WHERE classroom_id = ?::uuid)
                """, Long.class, classroomId, classroomId, classroomId);
    }

    private static Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                HeroesInfrastructure.get().kafkaBootstrap()))) {
            return admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
