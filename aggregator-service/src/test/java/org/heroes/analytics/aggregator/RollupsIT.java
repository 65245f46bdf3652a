package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.aggregator.TestRecords.T0;
import static org.heroes.analytics.aggregator.TestRecords.id;
import static org.heroes.analytics.aggregator.TestRecords.progress;
import static org.heroes.analytics.aggregator.TestRecords.student;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.heroes.analytics.schemas.avro.CompletionStatus;
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
