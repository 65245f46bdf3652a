package org.heroes.analytics.aggregator.forget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.id;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.aggregator.AggregatorIntegrationTest;
import org.heroes.analytics.aggregator.RollupChecks;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.store.forget.ForgetReport;
import org.heroes.analytics.store.forget.StudentForgetter;
import org.heroes.analytics.store.replay.Replay;
import org.heroes.analytics.store.replay.ReplayRequest;
import org.heroes.analytics.store.rollups.RebuildScope;
import org.heroes.analytics.store.rollups.RollupRebuilder;
import org.heroes.analytics.testsupport.TestRecords;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Forgetting a student against the real broker, PgBouncer and PostgreSQL, with the live aggregator running: the
 * student's events reach the database through Kafka; after the forget no row of any table holds the id (the list
 * aside), every rollup equals the raw rows, the other students are untouched; records of the student sent again
 * (as a backfill or a dead-letter redrive would) and a replay from the earliest offset do not bring them back.
 */
class ForgetStudentIT extends AggregatorIntegrationTest {

    /** Every application table, its rows as text: any column (uuid, text, jsonb) holding the id counts. */
    static final String TABLES = """
            SELECT tablename FROM pg_tables
            WHERE schemaname = 'public' AND tablename NOT IN ('flyway_schema_history', 'forgotten_students')
            ORDER BY tablename
            """;

    @Autowired
    StudentForgetter forgetter;

    @Autowired
    RollupRebuilder rebuilder;

    @Autowired
    Replay replay;

    @Autowired
    MeterRegistry meters;

    @Test
    void aForgottenStudentLeavesNoRowAndNeitherAResendNorAReplayBringsThemBack() {
        String classA = id();
        String classB = id();
        String target = id();
        String classmate = id();
        String other = id();
        List<SpecificRecord> records = new ArrayList<>();
        records.add(TestRecords.student(target, classA, T0));
        records.add(TestRecords.student(classmate, classA, T0));
        records.add(TestRecords.student(other, classB, T0));
        records.addAll(activity(classA, target, 5, 3, 2));
        records.addAll(activity(classA, classmate, 4, 2, 1));
        records.addAll(activity(classB, other, 6, 4, 3));
        sendAllAndAwaitStored(records);
        // the target moves to a second classroom (their progress moves with them, their events stay: ADR 0021)
        // and has events there too
        sendAllAndAwaitStored(List.of(TestRecords.student(target, classB, T0.plusSeconds(30))));
        sendAllAndAwaitStored(activity(classB, target, 3, 0, 1));
        assertThat(rowsHolding(target))
                .as("the target's rows before the forget")
                .isGreaterThan(0);

        ForgetReport report = forgetter.forget(UUID.fromString(target));

        assertThat(report.removed())
                .containsExactly(
                        Map.entry("analytics_events", 8L),
                        Map.entry("student_progress", 3L),
                        Map.entry("student_feedback", 3L),
                        Map.entry("pending_student_events", 0L),
                        Map.entry("students", 1L));
        assertThat(report.alreadyListed()).isFalse();
        assertThat(report.classrooms()).isEqualTo(2);
        assertThat(report.rollupRowsChanged())
                .as("the rollups held the target's counts")
                .isGreaterThan(0);
        assertForgotten(target, classA, classB);
        assertThat(countIn("analytics_events", classA)).isEqualTo(4);
        assertThat(countIn("analytics_events", classB)).isEqualTo(6);
        assertThat(db.queryForObject(
                        "SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup WHERE classroom_id = ?::uuid",
                        Long.class,
                        classA))
                .as("classroom A's rollup counts the classmate's 4 events only")
                .isEqualTo(4);
        assertThat(db.queryForObject(
                        "SELECT student_count FROM classroom_rollup WHERE classroom_id = ?::uuid", Long.class, classA))
                .isEqualTo(1);

        ForgetReport again = forgetter.forget(UUID.fromString(target));
        assertThat(again.alreadyListed()).isTrue();
        assertThat(again.rowsRemoved()).isZero();
        assertThat(again.rollupRowsChanged()).isZero();

        double droppedBefore = dropped();
        List<SpecificRecord> resent = new ArrayList<>(activity(classA, target, 2, 1, 1));
        resent.add(TestRecords.student(target, classA, T0.plusSeconds(60)));
        resent.addAll(activity(classA, classmate, 1, 0, 0)); // a marker that the batch was written
        sendAllAndAwaitStored(resent);
        assertThat(countIn("analytics_events", classA))
                .as("the classmate's new event")
                .isEqualTo(5);
        assertForgotten(target, classA, classB);
        assertThat(dropped() - droppedBefore)
                .as("aggregator.records.forgotten counts the dropped records")
                .isEqualTo(5.0);

        replay.run(ReplayRequest.parse("all", "earliest", null, false), progress -> {});

        assertForgotten(target, classA, classB);
        assertThat(countIn("analytics_events", classA)).isEqualTo(5);
        assertThat(countIn("analytics_events", classB)).isEqualTo(6);
    }

    @Test
    void theHeldEventsOfAForgottenStudentAreRemovedAndTheirRosterRecordLaterAppliesNothing() {
        String classroom = id();
        String student = id();
        sendAllAndAwaitStored(activity(classroom, student, 2, 1, 1));
        assertThat(rowsHolding(student))
                .as("rows of the student, not rostered yet, before the forget (held events included)")
                .isEqualTo(4);
        assertThat(countIn("analytics_events", classroom))
                .as("nothing counted before the roster")
                .isZero();
        assertThat(held(student)).as("events held for the roster").isEqualTo(4);

        ForgetReport report = forgetter.forget(UUID.fromString(student));

        assertThat(report.removed()).containsEntry("pending_student_events", 4L);
        assertThat(rowsHolding(student))
                .as("rows of any table holding the forgotten id")
                .isZero();
        sendAllAndAwaitStored(List.of(TestRecords.student(student, classroom, T0.plusSeconds(60))));
        assertForgotten(student, classroom);
        assertThat(countIn("analytics_events", classroom)).isZero();
    }

    /**
     * The roster topic is compacted: it keeps the last record of each key for good, so forgetting writes a tombstone
     * for the student's key (forget-student does). The aggregator treats a tombstone as the deletion of the student,
     * by the forget's own code in the batch's transaction: every row gone, the rollups corrected, the id listed; a
     * repeated tombstone changes nothing, and neither a replay of the roster nor of every topic brings them back.
     */
    @Test
    void aRosterTombstoneForgetsTheStudentAndNeitherARepeatNorAReplayBringsThemBack() {
        String classroom = id();
        String target = id();
        String classmate = id();
        List<SpecificRecord> records = new ArrayList<>();
        records.add(TestRecords.student(target, classroom, T0));
        records.add(TestRecords.student(classmate, classroom, T0));
        records.addAll(activity(classroom, target, 4, 2, 1));
        records.addAll(activity(classroom, classmate, 3, 1, 1));
        sendAllAndAwaitStored(records);
        assertThat(rowsHolding(target))
                .as("the target's rows before the tombstone")
                .isGreaterThan(0);

        awaitCommittedPast(sendRaw(Topic.ROSTER.topicName(), target, null));

        assertForgotten(target, classroom);
        assertThat(countIn("analytics_events", classroom)).isEqualTo(3);
        assertThat(db.queryForObject(
                        "SELECT student_count FROM classroom_rollup WHERE classroom_id = ?::uuid",
                        Long.class,
                        classroom))
                .isEqualTo(1);
        assertThat(deadLetters(Topic.ROSTER, target))
                .as("a tombstone for a student is no dead letter")
                .isEmpty();

        awaitCommittedPast(sendRaw(Topic.ROSTER.topicName(), target, null));
        assertForgotten(target, classroom);

        replay.run(ReplayRequest.parse("all", "earliest", null, false), progress -> {});
        assertForgotten(target, classroom);
        assertThat(countIn("analytics_events", classroom)).isEqualTo(3);
    }

    /**
     * Only a student is ever deleted by a tombstone: facilitators and classrooms are deactivated by the roster
     * ({@code active=false}). A tombstone for a classroom's key is dead-lettered with that reason, and the classroom
     * stays, unlisted.
     */
    @Test
    void aTombstoneForAClassroomIsDeadLetteredAndTheClassroomKept() {
        String facilitator = id();
        String classroom = id();
        sendAllAndAwaitStored(List.of(
                TestRecords.facilitator(facilitator, "tombstone@school.example", T0),
                TestRecords.classroom(classroom, facilitator, T0)));

        awaitCommittedPast(sendRaw(Topic.ROSTER.topicName(), classroom, null));

        assertThat(db.queryForObject("SELECT count(*) FROM classrooms WHERE id = ?::uuid", Long.class, classroom))
                .isEqualTo(1);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM forgotten_students WHERE student_id = ?::uuid", Long.class, classroom))
                .isZero();
        assertThat(deadLetters(Topic.ROSTER, classroom))
                .singleElement()
                .satisfies(letter -> assertThat(new String(
                                letter.headers()
                                        .lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE)
                                        .value(),
                                StandardCharsets.UTF_8))
                        .contains("names a classroom"));
    }

    /** No row holds the id, the list holds it once, and every rollup equals the raw rows. */
    private void assertForgotten(String student, String... classrooms) {
        assertThat(rowsHolding(student))
                .as("rows of any table holding the forgotten id")
                .isZero();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM forgotten_students WHERE student_id = ?::uuid", Long.class, student))
                .isEqualTo(1);
        RollupChecks.assertEveryRollupMatchesRawRows(db, List.of(classrooms));
        assertThat(rebuilder
                        .dryRun(RebuildScope.of(
                                List.of(classrooms).stream()
                                        .map(UUID::fromString)
                                        .toList(),
                                null,
                                null))
                        .differing())
                .as("the rebuild's own comparison")
                .isZero();
    }

    private long rowsHolding(String student) {
        long rows = 0;
        for (String table : db.queryForList(TABLES, String.class)) {
            rows += db.queryForObject(
                    "SELECT count(*) FROM " + table + " t WHERE t::text LIKE ?", Long.class, "%" + student + "%");
        }
        return rows;
    }

    private long held(String student) {
        return db.queryForObject(
                "SELECT count(*) FROM pending_student_events WHERE student_id = ?::uuid", Long.class, student);
    }

    private long countIn(String table, String classroom) {
        return db.queryForObject(
                "SELECT count(*) FROM " + table + " WHERE classroom_id = ?::uuid", Long.class, classroom);
    }

    private double dropped() {
        return meters.counter("aggregator.records.forgotten").count();
    }

    /** {@code events} analytics events, {@code lessons} completed lessons, {@code ratings} feedback events. */
    private static List<SpecificRecord> activity(
            String classroom, String student, int events, int lessons, int ratings) {
        List<SpecificRecord> records = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            AnalyticsEvent event = TestRecords.analytics(classroom);
            event.setStudentId(student);
            event.setOccurredAt(T0.plus(Duration.ofMinutes(i * 40L)));
            records.add(event);
        }
        for (int lesson = 1; lesson <= lessons; lesson++) {
            ProgressEvent progress = TestRecords.progress(classroom, student, lesson, T0);
            progress.setCompletionStatus(CompletionStatus.completed);
            records.add(progress);
        }
        for (int i = 0; i < ratings; i++) {
            FeedbackEvent feedback = TestRecords.feedback(classroom);
            feedback.setStudentId(student);
            records.add(feedback);
        }
        return records;
    }
}
