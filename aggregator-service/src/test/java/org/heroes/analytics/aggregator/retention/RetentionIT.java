package org.heroes.analytics.aggregator.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.classroom;
import static org.heroes.analytics.testsupport.TestRecords.facilitator;
import static org.heroes.analytics.testsupport.TestRecords.feedback;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;
import static org.heroes.analytics.testsupport.TestRecords.student;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.heroes.analytics.aggregator.AggregatorIntegrationTest;
import org.heroes.analytics.aggregator.RollupChecks;
import org.heroes.analytics.aggregator.WritersClock;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.store.batch.BatchOutcome;
import org.heroes.analytics.store.batch.BatchProcessor;
import org.heroes.analytics.store.retention.RetentionPurge;
import org.heroes.analytics.store.retention.RetentionReport;
import org.heroes.analytics.store.rollups.RebuildReport;
import org.heroes.analytics.store.rollups.RebuildScope;
import org.heroes.analytics.store.rollups.RollupRebuilder;
import org.heroes.analytics.store.sink.BatchSink;
import org.heroes.analytics.store.sink.SinkBatch;
import org.heroes.analytics.store.sink.StudentPlacements;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention (issue #9, ADR 0012) against the real PostgreSQL, PgBouncer and Kafka: rows on both sides of the age
 * are written through the aggregator's own sink (the path every event takes, rollups included), then the job runs
 * in small batches. Exactly the rows past the age go, the hourly rollups stay as they were to the byte, the
 * progress counts follow the progress rows, expired events sent again through Kafka are skipped, and a rollup
 * rebuild leaves the hours before the horizon alone.
 */
class RetentionIT extends AggregatorIntegrationTest {

    private static final Duration AGE = Duration.ofDays(400);
    private static final int BATCH = 5;
    /** How long ago the rows past the age were stored, when they were young (the writers drop them today). */
    private static final Duration STORED_EARLIER = Duration.ofDays(200);

    @Autowired
    BatchSink sink;

    @Autowired
    WritersClock writersClock;

    @Autowired
    RetentionPurge purge;

    @Autowired
    BatchProcessor processor;

    @Autowired
    RollupRebuilder rebuilder;

    @Autowired
    MeterRegistry registry;

    /**
     * Each test starts without a horizon, and leaves none: one left by an earlier test class would make the writers
     * drop this class's rows past the age as it stores them, and this class's would make later classes' hand-made old
     * rows unrebuildable.
     */
    @BeforeEach
    @AfterEach
    void forgetTheHorizon() {
        db.update("DELETE FROM retention_horizon");
    }

    @Test
    void retentionRemovesExactlyTheRowsPastTheAgeAndRollupsAreUnchanged() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Seeded seeded = seed(now);
        List<String> analyticsRollup = wholeTable("analytics_hourly_rollup");
        List<String> feedbackRollup = wholeTable("feedback_hourly_rollup");
        assertThat(activeStudents(seeded.classroom)).isEqualTo(2);
        double removedBefore = removedMeter("analytics_events");

        RetentionReport report = purge.run(now, BATCH);

        assertThat(report.horizon()).isEqualTo(seeded.cutoff);
        assertThat(storedHorizon()).isEqualTo(seeded.cutoff);
        assertThat(report.analyticsEvents()).isGreaterThanOrEqualTo(12);
        assertThat(report.feedback()).isGreaterThanOrEqualTo(8);
        assertThat(report.progress()).isGreaterThanOrEqualTo(3);
        assertThat(report.batches()).as("several bounded batches").isGreaterThanOrEqualTo(6);
        assertThat(removedMeter("analytics_events") - removedBefore).isEqualTo(report.analyticsEvents());

        assertThat(ids("SELECT event_id::text FROM analytics_events WHERE classroom_id = ?::uuid", seeded.classroom))
                .isEqualTo(seeded.keptAnalytics);
        assertThat(ids("SELECT event_id::text FROM student_feedback WHERE classroom_id = ?::uuid", seeded.classroom))
                .isEqualTo(seeded.keptFeedback);
        assertThat(ids(
                        "SELECT student_id::text || '/' || lesson_id FROM student_progress WHERE classroom_id = ?::uuid",
                        seeded.classroom))
                .isEqualTo(seeded.keptProgress);
        assertNothingOlderThan(seeded.cutoff);

        assertThat(wholeTable("analytics_hourly_rollup")).isEqualTo(analyticsRollup);
        assertThat(wholeTable("feedback_hourly_rollup")).isEqualTo(feedbackRollup);
        Map<String, Integer> differing = RollupChecks.differingRows(db, List.of(seeded.classroom));
        assertThat(differing).containsEntry("progress_rollup", 0).containsEntry("classroom_rollup", 0);
        assertThat(activeStudents(seeded.classroom))
                .as("the student whose completions were all too old")
                .isEqualTo(1);
    }

    @Test
    void expiredEventsSentAgainThroughKafkaAreSkippedAndCountedNowhere() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Seeded seeded = seed(now);
        purge.run(now, BATCH);
        List<String> analyticsRollup = wholeTable("analytics_hourly_rollup");
        List<String> feedbackRollup = wholeTable("feedback_hourly_rollup");
        List<String> progressRollup = classroomRows("progress_rollup", seeded.classroom);
        double analyticsSkipped = skippedMeter("analytics");
        double feedbackSkipped = skippedMeter("feedback");
        double progressSkipped = skippedMeter("progress");

        seeded.expired.forEach(AggregatorIntegrationTest::send);
        AnalyticsEvent neverStored = analytics(seeded.classroom);
        neverStored.setOccurredAt(seeded.cutoff.minus(Duration.ofDays(3)));
        send(neverStored);
        // duplicates of kept events, behind the expired ones on the same partitions: once they are stored,
        // every expired record before them has been handled
        List<RecordMetadata> markers =
                seeded.recentKept.stream().map(AggregatorIntegrationTest::send).toList();
        markers.forEach(this::awaitCommittedPast);

        assertNothingOlderThan(seeded.cutoff);
        assertThat(wholeTable("analytics_hourly_rollup")).isEqualTo(analyticsRollup);
        assertThat(wholeTable("feedback_hourly_rollup")).isEqualTo(feedbackRollup);
        assertThat(classroomRows("progress_rollup", seeded.classroom)).isEqualTo(progressRollup);
        assertThat(skippedMeter("analytics") - analyticsSkipped).isGreaterThanOrEqualTo(13);
        assertThat(skippedMeter("feedback") - feedbackSkipped).isGreaterThanOrEqualTo(8);
        assertThat(skippedMeter("progress") - progressSkipped).isGreaterThanOrEqualTo(3);
    }

    /**
     * The purge takes, without waiting, the locks every writer of a student's progress holds (the student's roster
     * row, the student's bucket; {@link StudentPlacements}) and skips the students a live batch holds: their expired
     * rows stay until a later run, and the counts follow exactly the rows that went. On Citus a row lock on the
     * reference table {@code students} locks the whole table's shard (ADR 0029): while a batch holds any roster row
     * the purge waits for it a bounded time, then leaves every student's progress to the next run.
     */
    @Test
    void progressOfAStudentALiveBatchHoldsIsSkippedAndTheNextRunTakesIt() throws SQLException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Seeded seeded = seed(now);
        java.sql.Timestamp cutoff = java.sql.Timestamp.from(seeded.cutoff);
        List<String> expiredStudents = db.queryForList(
                "SELECT student_id::text FROM student_progress WHERE classroom_id = ?::uuid AND updated_at < ?"
                        + " GROUP BY student_id ORDER BY count(*) DESC",
                String.class,
                seeded.classroom,
                cutoff);
        assertThat(expiredStudents).hasSize(2);
        String held = expiredStudents.get(0);
        String free = expiredStudents.get(1);

        try (Connection batch =
                HeroesInfrastructure.get().dataSource(DbRole.SUPERUSER).getConnection()) {
            batch.setAutoCommit(false);
            lockAsABatch(batch, "SELECT 1 FROM students WHERE id = ?::uuid FOR NO KEY UPDATE", held);
            purge.run(now, BATCH);
            assertThat(expiredProgressOf(held, cutoff))
                    .as("the held student's roster row")
                    .isEqualTo(2);
            if (HeroesInfrastructure.get().citus()) {
                // a roster row lock is a lock of the whole students shard there: nobody's progress goes this run
                assertThat(expiredProgressOf(free, cutoff))
                        .as("any roster row held, on Citus")
                        .isEqualTo(1);
            } else {
                assertThat(expiredProgressOf(free, cutoff)).isZero();
            }
            batch.rollback();

            lockAsABatch(
                    batch,
                    "SELECT pg_advisory_xact_lock(" + StudentPlacements.LOCK_SPACE + ", "
                            + StudentPlacements.bucket(held) + ") FROM students WHERE id = ?::uuid",
                    held);
            purge.run(now, BATCH);
            assertThat(expiredProgressOf(held, cutoff))
                    .as("the held student's bucket")
                    .isEqualTo(2);
            assertThat(expiredProgressOf(free, cutoff)).isZero();
            batch.rollback();
        }
        assertThat(RollupChecks.differingRows(db, List.of(seeded.classroom)))
                .containsEntry("progress_rollup", 0)
                .containsEntry("classroom_rollup", 0);

        RetentionReport report = purge.run(now, BATCH);

        assertThat(report.progress()).isEqualTo(2);
        assertNothingOlderThan(seeded.cutoff);
        assertThat(RollupChecks.differingRows(db, List.of(seeded.classroom)))
                .containsEntry("progress_rollup", 0)
                .containsEntry("classroom_rollup", 0);
    }

    /**
     * A batch that passed the age filter just before a run began must not insert, after the run deleted it, a row
     * the hourly rollups already count: it would count twice (ADR 0012). Here a replay of a stored event one hour
     * younger than the age is held inside its write (a forget holds the forgotten-students list, which every batch
     * naming a student reads) while a run whose cut-off passes that event begins.
     */
    @Test
    void aBatchInFlightWhenARunBeginsDoesNotBringBackWhatTheRunDeletes() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        String classroomId = id();
        String facilitatorId = id();
        String studentId = id();
        Instant longAgo = now.minus(Duration.ofDays(450));
        AnalyticsEvent event =
                analyticsOf(classroomId, studentId, now.minus(AGE).plus(Duration.ofHours(1)));
        sink.writeWithoutOffsets(
                SinkBatch.of(List.of(
                        facilitator(facilitatorId, "teacher@example.org", longAgo),
                        classroom(classroomId, facilitatorId, longAgo),
                        student(studentId, classroomId, longAgo),
                        event)),
                NO_DEAD_LETTERS);
        assertThat(countedEvents(classroomId)).isEqualTo(1);
        ProducerRecord<String, byte[]> message = CODEC.message(event);
        var consumed = new ConsumerRecord<>(message.topic(), 0, 0L, message.key(), message.value());
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try (Connection forget =
                HeroesInfrastructure.get().dataSource(DbRole.SUPERUSER).getConnection()) {
            forget.setAutoCommit(false);
            try (Statement lock = forget.createStatement()) {
                lock.execute("LOCK TABLE forgotten_students IN EXCLUSIVE MODE");
            }
            Future<BatchOutcome> replay = threads.submit(() -> processor.replay(List.of(consumed), "retention-race"));
            await().atMost(Duration.ofSeconds(60)).until(() -> waitersOn("forgotten_students") > 0);
            Future<RetentionReport> run = threads.submit(() -> purge.run(now.plus(Duration.ofHours(2)), BATCH));
            await().atMost(Duration.ofSeconds(60)).until(() -> run.isDone() || waitersOn("retention_horizon") > 0);
            forget.rollback();
            replay.get(60, TimeUnit.SECONDS);
            run.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        assertThat(db.queryForObject(
                        "SELECT count(*) FROM analytics_events WHERE event_id = ?::uuid",
                        Long.class,
                        event.getEventId()))
                .as("the run deleted the event")
                .isZero();
        assertThat(countedEvents(classroomId))
                .as("the event's hour counts it once")
                .isEqualTo(1);
    }

    private long countedEvents(String classroomId) {
        return db.queryForObject(
                "SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid",
                Long.class,
                classroomId);
    }

    /** How many backends wait for a lock on {@code table} (on Citus: on the coordinator's table). */
    private long waitersOn(String table) {
        return db.queryForObject(
                "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
                        + " WHERE NOT l.granted AND c.relname = ?",
                Long.class,
                table);
    }

    private static void lockAsABatch(Connection batch, String sql, String studentId) throws SQLException {
        try (PreparedStatement lock = batch.prepareStatement(sql)) {
            lock.setString(1, studentId);
            lock.executeQuery().close();
        }
    }

    private long expiredProgressOf(String studentId, java.sql.Timestamp cutoff) {
        return db.queryForObject(
                "SELECT count(*) FROM student_progress WHERE student_id = ?::uuid AND updated_at < ?",
                Long.class,
                studentId,
                cutoff);
    }

    @Test
    void rebuildingRollupsNeverRewritesHoursBeforeTheHorizon() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Seeded seeded = seed(now);
        purge.run(now, BATCH);
        List<String> analyticsRollup = classroomRows("analytics_hourly_rollup", seeded.classroom);
        List<String> feedbackRollup = classroomRows("feedback_hourly_rollup", seeded.classroom);
        Instant recentHour = now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        db.update(
                "UPDATE analytics_hourly_rollup SET event_count = event_count + 7"
                        + " WHERE classroom_id = ?::uuid AND bucket_hour = ?",
                seeded.classroom,
                java.sql.Timestamp.from(recentHour));
        UUID classroom = UUID.fromString(seeded.classroom);

        RebuildReport allTime = rebuilder.rebuild(RebuildScope.of(List.of(classroom), null, null));
        RebuildReport range =
                rebuilder.rebuild(RebuildScope.of(List.of(classroom), seeded.cutoff.minus(Duration.ofDays(200)), now));

        assertThat(allTime.differing())
                .as("only the corrupted hour after the horizon")
                .isEqualTo(1);
        assertThat(allTime.hourlyNotBefore())
                .isEqualTo(seeded.cutoff.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1)));
        assertThat(range.differing()).isZero();
        assertThat(classroomRows("analytics_hourly_rollup", seeded.classroom)).isEqualTo(analyticsRollup);
        assertThat(classroomRows("feedback_hourly_rollup", seeded.classroom)).isEqualTo(feedbackRollup);
    }

    @Test
    void wholeExpiredMonthsGoAsDroppedPartitionsAndTheRollupsStay() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant cutoff = now.minus(AGE);
        YearMonth expiredMonth = YearMonth.from(cutoff.atZone(ZoneOffset.UTC)).minusMonths(2);
        Instant monthStart = expiredMonth.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        String partition = "analytics_events_p" + expiredMonth.format(DateTimeFormatter.ofPattern("yyyyMM"));
        db.update(
                "DELETE FROM analytics_events WHERE \"timestamp\" >= ? AND \"timestamp\" < ?",
                java.sql.Timestamp.from(monthStart),
                java.sql.Timestamp.from(
                        expiredMonth.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)));
        assertThat(db.queryForObject(
                        "SELECT analytics_events_create_month_partition(?)",
                        String.class,
                        java.sql.Timestamp.from(monthStart)))
                .isIn("created", "exists");
        String classroomId = id();
        String facilitatorId = id();
        List<SpecificRecord> records = new ArrayList<>();
        records.add(facilitator(facilitatorId, "teacher@example.org", monthStart));
        records.add(classroom(classroomId, facilitatorId, monthStart));
        Set<String> keptIds = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            AnalyticsEvent old = analyticsOf(classroomId, null, monthStart.plus(Duration.ofHours(7L * i)));
            records.add(old);
            AnalyticsEvent recent = analyticsOf(classroomId, null, now.minus(Duration.ofHours(i + 1)));
            records.add(recent);
            keptIds.add(recent.getEventId());
        }
        writersClock.earlier(STORED_EARLIER, () -> sink.writeWithoutOffsets(SinkBatch.of(records), NO_DEAD_LETTERS));
        // the partition itself, not the parent's tableoid: on Citus a row's tableoid is its shard's
        assertThat(db.queryForObject("SELECT count(*) FROM " + partition, Long.class))
                .isEqualTo(7);
        List<String> analyticsRollup = wholeTable("analytics_hourly_rollup");
        double removedBefore = removedMeter("analytics_events");
        double droppedBefore = registry.get("aggregator.retention.partitions.dropped")
                .counter()
                .count();

        RetentionReport report = purge.run(now, BATCH);

        assertThat(report.partitionsDropped()).isGreaterThanOrEqualTo(1);
        assertThat(registry.get("aggregator.retention.partitions.dropped")
                                .counter()
                                .count()
                        - droppedBefore)
                .isEqualTo(report.partitionsDropped());
        assertThat(db.queryForObject("SELECT to_regclass(?)::text", String.class, "public." + partition))
                .as("the expired month's partition is gone")
                .isNull();
        assertThat(report.analyticsEvents()).isGreaterThanOrEqualTo(7);
        assertThat(removedMeter("analytics_events") - removedBefore).isEqualTo(report.analyticsEvents());
        assertNothingOlderThan(cutoff);
        assertThat(ids("SELECT event_id::text FROM analytics_events WHERE classroom_id = ?::uuid", classroomId))
                .isEqualTo(keptIds);
        assertThat(wholeTable("analytics_hourly_rollup"))
                .as("the hourly rollups, expired months included, to the byte")
                .isEqualTo(analyticsRollup);
    }

    @Test
    void heldEventsPastTheAgeAreDeletedAndTheRosterArrivingLaterAppliesOnlyTheKeptOnes() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant cutoff = now.minus(AGE);
        String classroomId = id();
        String studentId = id();
        AnalyticsEvent old = analyticsOf(classroomId, studentId, cutoff.minus(Duration.ofDays(1)));
        FeedbackEvent oldRating = feedbackOf(classroomId, studentId, cutoff.minus(Duration.ofHours(2)));
        AnalyticsEvent kept = analyticsOf(classroomId, studentId, cutoff.plus(Duration.ofDays(1)));
        FeedbackEvent keptRating = feedbackOf(classroomId, studentId, now.minus(Duration.ofDays(1)));
        // stored when young (as RetentionIT#seed does): held, the student unrostered
        writersClock.earlier(
                STORED_EARLIER,
                () -> sink.writeWithoutOffsets(
                        SinkBatch.of(List.of(old, oldRating, kept, keptRating)), NO_DEAD_LETTERS));
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM analytics_events WHERE classroom_id = ?::uuid", Long.class, classroomId))
                .as("events of a student not rostered yet are not stored")
                .isZero();
        assertThat(heldIds(studentId))
                .containsExactlyInAnyOrder(
                        old.getEventId(), oldRating.getEventId(), kept.getEventId(), keptRating.getEventId());
        double removedBefore = removedMeter("pending_student_events");

        purge.run(now, BATCH);

        assertThat(heldIds(studentId))
                .as("held events younger than the age")
                .containsExactlyInAnyOrder(kept.getEventId(), keptRating.getEventId());
        assertThat(removedMeter("pending_student_events") - removedBefore).isEqualTo(2);
        // an expired event held after the run: the writers cannot store one any more (they read the horizon under
        // a lock the run waits for), so the horizon is moved back for that write; the release must still drop it
        AnalyticsEvent lateOld = analyticsOf(classroomId, studentId, cutoff.minus(Duration.ofDays(3)));
        db.update("DELETE FROM retention_horizon");
        writersClock.earlier(
                STORED_EARLIER, () -> sink.writeWithoutOffsets(SinkBatch.of(List.of(lateOld)), NO_DEAD_LETTERS));
        db.update(
                "INSERT INTO retention_horizon (singleton, horizon, updated_at) VALUES (true, ?, now())",
                java.sql.Timestamp.from(cutoff));
        assertThat(heldIds(studentId)).hasSize(3);

        awaitCommittedPast(send(student(studentId, classroomId, now.minus(Duration.ofDays(450)))));

        assertThat(heldIds(studentId)).as("held events once the roster arrived").isEmpty();
        assertThat(ids("SELECT event_id::text FROM analytics_events WHERE classroom_id = ?::uuid", classroomId))
                .as("only the kept event is applied; the expired one is dropped")
                .containsExactly(kept.getEventId());
        assertThat(ids("SELECT event_id::text FROM student_feedback WHERE classroom_id = ?::uuid", classroomId))
                .containsExactly(keptRating.getEventId());
        assertThat(RollupChecks.differingRows(db, List.of(classroomId)))
                .allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
    }

    /** What {@link #seed} wrote. */
    private record Seeded(
            String classroom,
            Instant cutoff,
            Set<String> keptAnalytics,
            Set<String> keptFeedback,
            Set<String> keptProgress,
            List<SpecificRecord> expired,
            List<SpecificRecord> recentKept) {}

    /**
     * A classroom with events, feedback and progress on both sides of {@code now - 400 days}, including 1 ms before
     * it and exactly at it, written (with the roster) through the sink in one transaction.
     */
    private Seeded seed(Instant now) {
        Instant cutoff = now.minus(AGE);
        String classroomId = id();
        String facilitatorId = id();
        List<String> students = new ArrayList<>();
        List<SpecificRecord> records = new ArrayList<>();
        Instant longAgo = now.minus(Duration.ofDays(450)); // roster records are state: never expired
        records.add(facilitator(facilitatorId, "teacher@example.org", longAgo));
        records.add(classroom(classroomId, facilitatorId, longAgo));
        for (int i = 0; i < 4; i++) {
            students.add(id());
            records.add(student(students.get(i), classroomId, longAgo));
        }
        List<Instant> old = List.of(
                cutoff.minusMillis(1),
                cutoff.minus(Duration.ofHours(5)),
                cutoff.minus(Duration.ofDays(30)),
                cutoff.minus(Duration.ofDays(100)));
        List<Instant> kept =
                List.of(cutoff, cutoff.plusMillis(1), cutoff.plus(Duration.ofHours(2)), now.minus(Duration.ofDays(1)));
        List<SpecificRecord> expired = new ArrayList<>();
        List<SpecificRecord> recentKept = new ArrayList<>();
        Set<String> keptAnalytics = new HashSet<>();
        Set<String> keptFeedback = new HashSet<>();
        for (Instant at : concat(old, kept)) {
            boolean isOld = at.isBefore(cutoff);
            for (int i = 0; i < 3; i++) {
                AnalyticsEvent event = analytics(classroomId);
                event.setOccurredAt(at);
                event.setStudentId(students.get(i));
                event.setEventValue(i == 2 ? null : 1.0 + i);
                records.add(event);
                if (isOld) {
                    expired.add(event);
                } else {
                    keptAnalytics.add(event.getEventId());
                }
            }
            for (int i = 0; i < 2; i++) {
                FeedbackEvent rating = feedback(classroomId);
                rating.setOccurredAt(at);
                rating.setStudentId(students.get(i + 1));
                rating.setLessonId(1 + i);
                records.add(rating);
                if (isOld) {
                    expired.add(rating);
                } else {
                    keptFeedback.add(rating.getEventId());
                }
            }
        }
        List<ProgressEvent> oldProgress = List.of(
                progressOf(
                        classroomId, students.get(0), 1, CompletionStatus.completed, cutoff.minus(Duration.ofHours(1))),
                progressOf(
                        classroomId,
                        students.get(1),
                        1,
                        CompletionStatus.in_progress,
                        cutoff.minus(Duration.ofDays(10))),
                progressOf(
                        classroomId, students.get(0), 2, CompletionStatus.completed, cutoff.minus(Duration.ofDays(2))));
        List<ProgressEvent> keptProgress = List.of(
                progressOf(classroomId, students.get(2), 1, CompletionStatus.completed, cutoff),
                progressOf(
                        classroomId, students.get(3), 2, CompletionStatus.not_started, now.minus(Duration.ofDays(1))));
        records.addAll(oldProgress);
        records.addAll(keptProgress);
        expired.addAll(oldProgress);
        for (SpecificRecord record : records) {
            if (record instanceof AnalyticsEvent e && e.getOccurredAt().equals(kept.get(3))
                    || record instanceof FeedbackEvent f && f.getOccurredAt().equals(kept.get(3))) {
                recentKept.add(record);
            }
        }
        recentKept.add(keptProgress.get(1));
        writersClock.earlier(STORED_EARLIER, () -> sink.writeWithoutOffsets(SinkBatch.of(records), NO_DEAD_LETTERS));
        return new Seeded(
                classroomId,
                cutoff,
                keptAnalytics,
                keptFeedback,
                Set.of(students.get(2) + "/1", students.get(3) + "/2"),
                expired,
                recentKept);
    }

    private static AnalyticsEvent analyticsOf(String classroomId, String studentId, Instant at) {
        AnalyticsEvent event = analytics(classroomId);
        event.setStudentId(studentId);
        event.setOccurredAt(at);
        return event;
    }

    private static FeedbackEvent feedbackOf(String classroomId, String studentId, Instant at) {
        FeedbackEvent event = feedback(classroomId);
        event.setStudentId(studentId);
        event.setOccurredAt(at);
        return event;
    }

    private Set<String> heldIds(String studentId) {
        return ids("SELECT event_id::text FROM pending_student_events WHERE student_id = ?::uuid", studentId);
    }

    private static ProgressEvent progressOf(
            String classroomId, String studentId, int lesson, CompletionStatus status, Instant at) {
        ProgressEvent event = progress(classroomId, studentId, lesson, at);
        event.setCompletionStatus(status);
        return event;
    }

    private static List<Instant> concat(List<Instant> a, List<Instant> b) {
        List<Instant> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private void assertNothingOlderThan(Instant cutoff) {
        java.sql.Timestamp at = java.sql.Timestamp.from(cutoff);
        assertThat(db.queryForObject("SELECT count(*) FROM analytics_events WHERE \"timestamp\" < ?", Long.class, at))
                .isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM student_feedback WHERE created_at < ?", Long.class, at))
                .isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM student_progress WHERE updated_at < ?", Long.class, at))
                .isZero();
    }

    /** Every row of a rollup table as PostgreSQL's own text of the row, in key order: equal means byte for byte. */
    private List<String> wholeTable(String table) {
        return db.queryForList("SELECT r::text FROM " + table + " r ORDER BY r::text COLLATE \"C\"", String.class);
    }

    private List<String> classroomRows(String table, String classroomId) {
        return db.queryForList(
                "SELECT r::text FROM " + table + " r WHERE classroom_id = ?::uuid ORDER BY r::text COLLATE \"C\"",
                String.class,
                classroomId);
    }

    private Set<String> ids(String sql, String classroomId) {
        return new HashSet<>(db.queryForList(sql, String.class, classroomId));
    }

    private long activeStudents(String classroomId) {
        return db.queryForObject(
                "SELECT active_students FROM classroom_rollup WHERE classroom_id = ?::uuid", Long.class, classroomId);
    }

    private Instant storedHorizon() {
        return db.queryForObject("SELECT horizon FROM retention_horizon", java.sql.Timestamp.class)
                .toInstant();
    }

    private double removedMeter(String table) {
        return registry.get("aggregator.retention.rows.removed")
                .tag("table", table)
                .counter()
                .count();
    }

    private double skippedMeter(String kind) {
        return registry.get("aggregator.retention.expired.skipped")
                .tag("kind", kind)
                .counter()
                .count();
    }
}
