package org.heroes.analytics.aggregator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;

/**
 * Seeded test traffic that exercises what makes rollups hard: events sent twice, progress of each
 * student sent in shuffled order, events before their student's roster record (held, then applied when
 * it arrives), students never rostered (their events stay held), students deactivated and moved to
 * another classroom (also in shuffled order), values with and without decimals, and nulls. {@link
 * #records()} is in send order.
 *
 * <p>Every event of a rostered student names the classroom the student ends in, and a moved student
 * sends none: which of a moved student's events the roster admits depends on when each is consumed
 * relative to the move (ADR 0021), and these terms are for exact counts. {@code ClassroomBoundaryIT}
 * races moves against events.
 */
public final class GeneratedTerm {

    private static final String[] TYPES = {"lesson_started", "hint_used", "quiz_answered"};
    private static final String[] CATEGORIES = {"lesson", "quiz"};
    private static final CompletionStatus[] STATUSES = CompletionStatus.values();

    private final Random random;
    private final List<String> classrooms = new ArrayList<>();
    private final List<SpecificRecord> records = new ArrayList<>();
    private final Set<String> unrostered = new HashSet<>();

    public GeneratedTerm(long seed, int classroomCount, int studentsPerClassroom, int eventsPerStudent) {
        this.random = new Random(seed);
        Instant start = Instant.parse("2026-09-01T08:00:00Z").plus(Duration.ofDays(random.nextInt(300)));
        for (int c = 0; c < classroomCount; c++) {
            classrooms.add(uuid());
        }
        for (String classroom : classrooms) {
            for (int s = 0; s < studentsPerClassroom; s++) {
                student(classroom, start, eventsPerStudent);
            }
        }
        Collections.shuffle(records, random);
    }

    public List<String> classrooms() {
        return List.copyOf(classrooms);
    }

    public List<SpecificRecord> records() {
        return List.copyOf(records);
    }

    /** Whether {@code record} is an event of a student who is never rostered: held, never stored or counted. */
    public boolean held(SpecificRecord record) {
        String student = null;
        if (record instanceof AnalyticsEvent e) {
            student = e.getStudentId();
        } else if (record instanceof FeedbackEvent e) {
            student = e.getStudentId();
        } else if (record instanceof ProgressEvent e) {
            student = e.getStudentId();
        }
        return student != null && unrostered.contains(student);
    }

    private void student(String classroom, Instant start, int events) {
        String student = uuid();
        Instant rosteredAt = start.plusSeconds(random.nextInt(3600));
        if (random.nextInt(5) > 0) { // some students never get a roster record: their events are held
            addTwiceSometimes(studentRecord(student, classroom, rosteredAt, true));
            int change = random.nextInt(6);
            if (change == 0) {
                addTwiceSometimes(studentRecord(student, classroom, rosteredAt.plusSeconds(7200), false));
            } else if (change == 1) {
                String other = classrooms.get(random.nextInt(classrooms.size()));
                addTwiceSometimes(studentRecord(student, other, rosteredAt.plusSeconds(5400), true));
                return; // a moved student sends no events (above)
            }
        } else {
            unrostered.add(student);
        }
        for (int e = 0; e < events; e++) {
            Instant at = start.plusSeconds(random.nextInt(5 * 3600)).plusMillis(random.nextInt(1000));
            switch (random.nextInt(3)) {
                case 0 -> addTwiceSometimes(analytics(classroom, student, at));
                case 1 -> addTwiceSometimes(feedback(classroom, student, at));
                default -> addTwiceSometimes(progress(classroom, student, at));
            }
        }
    }

    private void addTwiceSometimes(SpecificRecord record) {
        records.add(record);
        if (random.nextInt(5) == 0) {
            records.add(record);
        }
    }

    private AnalyticsEvent analytics(String classroom, String student, Instant at) {
        return AnalyticsEvent.newBuilder()
                .setEventId(uuid())
                .setClassroomId(classroom)
                .setOccurredAt(at)
                .setStudentId(random.nextBoolean() ? student : null)
                .setEventType(TYPES[random.nextInt(TYPES.length)])
                .setEventCategory(CATEGORIES[random.nextInt(CATEGORIES.length)])
                .setEventValue(random.nextInt(4) == 0 ? null : random.nextDouble() * 100)
                .setProperties(null)
                .build();
    }

    private FeedbackEvent feedback(String classroom, String student, Instant at) {
        return FeedbackEvent.newBuilder()
                .setEventId(uuid())
                .setClassroomId(classroom)
                .setOccurredAt(at)
                .setStudentId(student)
                .setLessonId(1 + random.nextInt(4))
                .setFeedbackType(random.nextBoolean() ? "lesson_rating" : "fun")
                .setRating(random.nextInt(3) == 0 ? null : 1 + random.nextInt(5))
                .setComment(null)
                .build();
    }

    private ProgressEvent progress(String classroom, String student, Instant at) {
        return ProgressEvent.newBuilder()
                .setEventId(uuid())
                .setClassroomId(classroom)
                .setOccurredAt(at)
                .setStudentId(student)
                .setLessonId(1 + random.nextInt(3))
                .setCompletionStatus(STATUSES[random.nextInt(STATUSES.length)])
                .setScore(random.nextInt(101))
                .setTimeSpentSeconds((long) random.nextInt(3600))
                .build();
    }

    private StudentRecord studentRecord(String student, String classroom, Instant at, boolean active) {
        return StudentRecord.newBuilder()
                .setEventId(uuid())
                .setOccurredAt(at)
                .setStudentId(student)
                .setClassroomId(classroom)
                .setAnonymousId("hero-" + student.substring(0, 8))
                .setActive(active)
                .build();
    }

    private String uuid() {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }
}
