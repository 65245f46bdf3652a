package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.classroom;
import static org.heroes.analytics.testsupport.TestRecords.facilitator;
import static org.heroes.analytics.testsupport.TestRecords.feedback;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;
import static org.heroes.analytics.testsupport.TestRecords.student;

import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.junit.jupiter.api.Test;

class RawRowsIT extends AggregatorIntegrationTest {

    @Test
    void eachKindLandsInItsTableWithEveryField() {
        String classroomId = id();
        String facilitatorId = id();
        String studentId = id();
        var event = analytics(classroomId);
        var step = progress(classroomId, studentId, 4, T0);
        var rating = feedback(classroomId);
        rosterStudentsOf(List.of(event, rating));
        send(facilitator(facilitatorId, "ada@example.org", T0));
        send(classroom(classroomId, facilitatorId, T0));
        send(student(studentId, classroomId, T0));
        send(event);
        send(step);
        send(rating);

        awaitCount(
                "the analytics event lands",
                1,
                "SELECT count(*) FROM analytics_events WHERE classroom_id = ?::uuid",
                classroomId);
        assertThat(rows(
                        "SELECT event_id::text, student_id::text, event_type, event_category, event_value,"
                                + " properties::text, \"timestamp\" FROM analytics_events WHERE classroom_id = ?::uuid",
                        classroomId))
                .singleElement()
                .isEqualTo(Map.of(
                        "event_id",
                        event.getEventId(),
                        "student_id",
                        event.getStudentId(),
                        "event_type",
                        "lesson_started",
                        "event_category",
                        "lesson",
                        "event_value",
                        1.5,
                        "properties",
                        "{\"device\": \"tablet\"}",
                        "timestamp",
                        Timestamp.from(T0)));
        awaitCount(
                "the progress row lands",
                1,
                "SELECT count(*) FROM student_progress WHERE student_id = ?::uuid",
                studentId);
        assertThat(rows(
                        "SELECT lesson_id, classroom_id::text, completion_status, score, time_spent_seconds,"
                                + " event_id::text, updated_at FROM student_progress WHERE student_id = ?::uuid",
                        studentId))
                .singleElement()
                .isEqualTo(Map.of(
                        "lesson_id",
                        4,
                        "classroom_id",
                        classroomId,
                        "completion_status",
                        "in_progress",
                        "score",
                        50,
                        "time_spent_seconds",
                        120L,
                        "event_id",
                        step.getEventId(),
                        "updated_at",
                        Timestamp.from(T0)));
        awaitCount(
                "the feedback lands",
                1,
                "SELECT count(*) FROM student_feedback WHERE event_id = ?::uuid",
                rating.getEventId());
        assertThat(rows(
                        "SELECT lesson_id, feedback_type, rating, comment, created_at FROM student_feedback"
                                + " WHERE event_id = ?::uuid",
                        rating.getEventId()))
                .singleElement()
                .isEqualTo(Map.of(
                        "lesson_id",
                        3,
                        "feedback_type",
                        "lesson_rating",
                        "rating",
                        4,
                        "comment",
                        "fun",
                        "created_at",
                        Timestamp.from(T0)));
        awaitCount("the facilitator lands", 1, "SELECT count(*) FROM facilitators WHERE id = ?::uuid", facilitatorId);
        awaitCount(
                "the classroom lands",
                1,
                "SELECT count(*) FROM classrooms WHERE id = ?::uuid AND facilitator_id = ?::uuid AND classroom_code = 'HERO-4B'",
                classroomId,
                facilitatorId);
        awaitCount(
                "the student lands",
                1,
                "SELECT count(*) FROM students WHERE id = ?::uuid AND classroom_id = ?::uuid AND anonymous_id = 'blue-falcon'",
                studentId,
                classroomId);
    }

    @Test
    void duplicateEventIdSentTwiceLandsOnce() {
        String classroomId = id();
        var event = analytics(classroomId);
        var rating = feedback(classroomId);
        rosterStudentsOf(List.of(event, rating));
        send(event);
        send(rating);
        RecordMetadata lastEvent = send(event);
        RecordMetadata lastRating = send(rating);

        awaitCommittedPast(lastEvent);
        awaitCommittedPast(lastRating);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM analytics_events WHERE event_id = ?::uuid",
                        Long.class,
                        event.getEventId()))
                .isOne();
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM student_feedback WHERE event_id = ?::uuid",
                        Long.class,
                        rating.getEventId()))
                .isOne();
        assertThat(deadLetters(Topic.ANALYTICS, classroomId))
                .as("a duplicate is not an error")
                .isEmpty();
        assertThat(deadLetters(Topic.FEEDBACK, classroomId)).isEmpty();
    }

    @Test
    void outOfOrderProgressKeepsTheLatestOccurredAt() {
        String classroomId = id();
        String studentId = id();
        ProgressEvent latest = ProgressEvent.newBuilder(progress(classroomId, studentId, 7, T0.plusSeconds(600)))
                .setCompletionStatus(CompletionStatus.completed)
                .setScore(95)
                .build();
        ProgressEvent stale = progress(classroomId, studentId, 7, T0);
        rosterStudentsOf(List.of(latest));
        // separate batches, so the database's latest-wins rule decides (within a batch Java's does)
        awaitCommittedPast(send(latest));
        awaitCommittedPast(send(stale)); // arrives later, happened earlier: must not overwrite
        assertThat(rows(
                        "SELECT completion_status, score, event_id::text, updated_at FROM student_progress"
                                + " WHERE student_id = ?::uuid AND lesson_id = 7",
                        studentId))
                .singleElement()
                .isEqualTo(Map.of(
                        "completion_status",
                        "completed",
                        "score",
                        95,
                        "event_id",
                        latest.getEventId(),
                        "updated_at",
                        Timestamp.from(T0.plusSeconds(600))));
    }

    @Test
    void rosterKeepsTheLatestRecordAndTheEarliestCreatedAt() {
        String facilitatorId = id();
        awaitCommittedPast(send(facilitator(facilitatorId, "new@example.org", T0.plusSeconds(60))));
        awaitCommittedPast(send(facilitator(facilitatorId, "old@example.org", T0)));

        assertThat(rows("SELECT email, created_at, updated_at FROM facilitators WHERE id = ?::uuid", facilitatorId))
                .as("the older record lowers created_at only")
                .singleElement()
                .isEqualTo(Map.of(
                        "email", "new@example.org",
                        "created_at", Timestamp.from(T0),
                        "updated_at", Timestamp.from(T0.plusSeconds(60))));
    }

    @Test
    void aClassroomsTimeZoneLandsAndTheLatestRecordDecidesItAndOneWithoutAZoneKeepsUtc() {
        String facilitatorId = id();
        String zoned = id();
        String plain = id();
        var kolkata = classroom(zoned, facilitatorId, T0);
        kolkata.setTimeZone("Asia/Kolkata");
        var newYork = classroom(zoned, facilitatorId, T0.plusSeconds(60));
        newYork.setTimeZone("America/New_York");
        awaitCommittedPast(send(newYork));
        awaitCommittedPast(send(kolkata));
        awaitCommittedPast(send(classroom(plain, facilitatorId, T0)));

        assertThat(db.queryForObject("SELECT time_zone FROM classrooms WHERE id = ?::uuid", String.class, zoned))
                .as("the later record's zone, whatever the order of arrival")
                .isEqualTo("America/New_York");
        assertThat(db.queryForObject("SELECT time_zone FROM classrooms WHERE id = ?::uuid", String.class, plain))
                .isEqualTo("UTC");
    }
}
