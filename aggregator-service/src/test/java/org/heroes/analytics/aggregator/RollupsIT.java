package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;
import static org.heroes.analytics.testsupport.TestRecords.student;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.testsupport.TestRecords;
import org.junit.jupiter.api.Test;

class RollupsIT extends AggregatorIntegrationTest {

    @Test
    void everyRollupEqualsTheRawRowsDespiteDuplicatesDisorderAndRosterChanges() {
        var term = new GeneratedTerm(42, 3, 10, 12);

        sendAllAndAwaitCommitted(term.records());

        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
        assertThat(db.queryForObject(
                        "SELECT sum(event_count) FROM analytics_hourly_rollup WHERE classroom_id = ANY(?::uuid[])",
                        Long.class,
                        (Object) term.classrooms().toArray(String[]::new)))
                .as("analytics events counted once each, those held for the roster not at all")
                .isEqualTo(RollupChecks.distinctStored(term, org.heroes.analytics.schemas.avro.AnalyticsEvent.class));
    }

    /**
     * Issue 18 (docs/adr/0024): events 30, 120 and 300 days old, sent after a term's newer events (a tablet offline
     * for months syncing), each count once in their own old hour and month partition; every rollup still equals the
     * raw rows, and the watermarks ("data as of") stay where the newer events put them.
     */
    @Test
    void lateEventsArrivingAfterNewerOnesCountInTheirOwnHoursAndLeaveTheWatermarks() {
        var term = new GeneratedTerm(18, 2, 5, 6);
        sendAllAndAwaitCommitted(term.records());
        List<Map<String, Object>> watermarks = watermarks(term.classrooms());
        Instant now = Instant.now();
        Random random = new Random(18);
        List<SpecificRecord> late = new ArrayList<>();
        for (String classroom : term.classrooms()) {
            for (int days : new int[] {30, 120, 300}) {
                for (int i = 0; i < 4; i++) {
                    AnalyticsEvent event = TestRecords.analytics(classroom);
                    event.setStudentId(null); // classroom-level: no roster holds it
                    event.setEventType("synced_late");
                    event.setEventCategory("offline");
                    event.setOccurredAt(now.minus(Duration.ofDays(days))
                            .minusSeconds(random.nextInt(3 * 3600))
                            .truncatedTo(ChronoUnit.MILLIS));
                    late.add(event);
                    if (i == 0) {
                        late.add(event); // sent twice: counted once
                    }
                }
            }
        }

        sendAllAndAwaitCommitted(late);

        for (SpecificRecord record : late) {
            AnalyticsEvent event = (AnalyticsEvent) record;
            // on Citus the row's table is a shard of the partition, named after it with "_<shard id>" appended
            assertThat(db.queryForObject("""
                            SELECT regexp_replace(tableoid::regclass::text, '_[0-9]+$', '') FROM analytics_events
                            WHERE event_id = ?::uuid AND classroom_id = ?::uuid
                            """, String.class, event.getEventId(), event.getClassroomId()))
                    .as("the partition of %s", event.getOccurredAt())
                    .isEqualTo("analytics_events_p"
                            + DateTimeFormatter.ofPattern("yyyyMM")
                                    .withZone(ZoneOffset.UTC)
                                    .format(event.getOccurredAt()));
        }
        assertThat(db.queryForObject("""
                        SELECT sum(event_count) FROM analytics_hourly_rollup
                        WHERE classroom_id = ANY(?::uuid[]) AND event_type = 'synced_late'
                        """, Long.class, (Object) term.classrooms().toArray(String[]::new)))
                .as("the late events, each once")
                .isEqualTo(12L * term.classrooms().size());
        RollupChecks.assertRollupsMatchRawRows(db, term.classrooms());
        assertThat(watermarks(term.classrooms())).isEqualTo(watermarks);
    }

    private List<Map<String, Object>> watermarks(List<String> classrooms) {
        return db.queryForList(
                "SELECT classroom_id, data_as_of FROM classroom_watermarks WHERE classroom_id = ANY(?::uuid[])"
                        + " ORDER BY classroom_id",
                (Object) classrooms.toArray(String[]::new));
    }

    @Test
    void completedLessonBeforeTheRosterRecordCountsTheStudentOnceRostered() {
        String classroomId = id();
        String studentId = id();
        var done = progress(classroomId, studentId, 2, T0);
        done.setCompletionStatus(CompletionStatus.completed);

        sendAllAndAwaitCommitted(List.of(done));
        sendAllAndAwaitCommitted(List.of(student(studentId, classroomId, T0)));

        assertThat(db.queryForMap(
                        "SELECT student_count, active_students FROM classroom_rollup WHERE classroom_id = ?::uuid",
                        classroomId))
                .containsEntry("student_count", 1L)
                .containsEntry("active_students", 1L);
        RollupChecks.assertRollupsMatchRawRows(db, List.of(classroomId));
    }

    @Test
    void studentMovedToAnotherClassroomLeavesTheOldCount() {
        String from = id();
        String to = id();
        String studentId = id();
        var done = progress(from, studentId, 1, T0);
        done.setCompletionStatus(CompletionStatus.completed);
        sendAllAndAwaitCommitted(List.of(student(studentId, from, T0), done));

        sendAllAndAwaitCommitted(List.of(student(studentId, to, T0.plusSeconds(60))));

        assertThat(db.queryForList(
                        "SELECT student_count, active_students FROM classroom_rollup WHERE classroom_id = ?::uuid",
                        from))
                .singleElement()
                .satisfies(row -> assertThat(row).containsEntry("student_count", 0L));
        assertThat(db.queryForMap(
                        "SELECT student_count, active_students FROM classroom_rollup WHERE classroom_id = ?::uuid", to))
                .containsEntry("student_count", 1L)
                .containsEntry("active_students", 1L);
        // the progress moved with the student (ADR 0021); the watermarks record what was consumed for each
        // classroom, and the progress row now in `to` was consumed for `from`, so they are not compared here
        RollupChecks.assertEveryRollupMatchesRawRows(db, List.of(from, to));
    }

    private void sendAllAndAwaitCommitted(List<SpecificRecord> records) {
        Map<String, RecordMetadata> last = new HashMap<>();
        for (SpecificRecord record : records) {
            RecordMetadata sent = send(record);
            last.merge(sent.topic() + "-" + sent.partition(), sent, (a, b) -> a.offset() > b.offset() ? a : b);
        }
        last.values().forEach(this::awaitCommittedPast);
    }
}
