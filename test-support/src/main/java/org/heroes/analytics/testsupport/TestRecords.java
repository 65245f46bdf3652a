package org.heroes.analytics.testsupport;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;

/** Valid records of every kind for tests; change a field with the builders' copy constructors. */
public final class TestRecords {

    public static final Instant T0 = Instant.parse("2026-11-26T09:30:00.123Z");

    private TestRecords() {}

    public static String id() {
        return UUID.randomUUID().toString();
    }

    public static AnalyticsEvent analytics(String classroomId) {
        return AnalyticsEvent.newBuilder()
                .setEventId(id())
                .setClassroomId(classroomId)
                .setOccurredAt(T0)
                .setStudentId(id())
                .setEventType("lesson_started")
                .setEventCategory("lesson")
                .setEventValue(1.5)
                .setProperties(Map.of("device", "tablet"))
                .build();
    }

    public static ProgressEvent progress(String classroomId, String studentId, int lessonId, Instant at) {
        return ProgressEvent.newBuilder()
                .setEventId(id())
                .setClassroomId(classroomId)
                .setOccurredAt(at)
                .setStudentId(studentId)
                .setLessonId(lessonId)
                .setCompletionStatus(CompletionStatus.in_progress)
                .setScore(50)
                .setTimeSpentSeconds(120L)
                .build();
    }

    public static FeedbackEvent feedback(String classroomId) {
        return FeedbackEvent.newBuilder()
                .setEventId(id())
                .setClassroomId(classroomId)
                .setOccurredAt(T0)
                .setStudentId(id())
                .setLessonId(3)
                .setFeedbackType("lesson_rating")
                .setRating(4)
                .setComment("fun")
                .build();
    }

    public static FacilitatorRecord facilitator(String facilitatorId, String email, Instant at) {
        return FacilitatorRecord.newBuilder()
                .setEventId(id())
                .setOccurredAt(at)
                .setFacilitatorId(facilitatorId)
                .setEmail(email)
                .setOrganization("Hillside School")
                .setActive(true)
                .build();
    }

    public static ClassroomRecord classroom(String classroomId, String facilitatorId, Instant at) {
        return ClassroomRecord.newBuilder()
                .setEventId(id())
                .setOccurredAt(at)
                .setClassroomId(classroomId)
                .setFacilitatorId(facilitatorId)
                .setName("Class 4B")
                .setClassroomCode("HERO-4B")
                .setActive(true)
                .build();
    }

    public static StudentRecord student(String studentId, String classroomId, Instant at) {
        return StudentRecord.newBuilder()
                .setEventId(id())
                .setOccurredAt(at)
                .setStudentId(studentId)
                .setClassroomId(classroomId)
                .setAnonymousId("blue-falcon")
                .setActive(true)
                .build();
    }

    /**
     * A valid record of {@code kind} in {@code classroomId} naming {@code studentId} where the kind names a student,
     * at {@code at}: every declared kind has one, so a test iterating {@link EventKind#values()} covers a new kind.
     */
    public static SpecificRecord of(EventKind kind, String classroomId, String studentId, Instant at) {
        return switch (kind) {
            case ANALYTICS ->
                AnalyticsEvent.newBuilder(analytics(classroomId))
                        .setStudentId(studentId)
                        .setOccurredAt(at)
                        .build();
            case PROGRESS -> progress(classroomId, studentId, 1, at);
            case FEEDBACK ->
                FeedbackEvent.newBuilder(feedback(classroomId))
                        .setStudentId(studentId)
                        .setOccurredAt(at)
                        .build();
            case FACILITATOR -> facilitator(id(), "f-" + id() + "@school.example", at);
            case CLASSROOM -> classroom(classroomId, id(), at);
            case STUDENT -> student(studentId, classroomId, at);
        };
    }
}
