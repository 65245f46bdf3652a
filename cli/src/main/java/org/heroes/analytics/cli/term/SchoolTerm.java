package org.heroes.analytics.cli.term;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic school term: for a seed, the same roster and the same events every time. Event
 * times lie inside {@code [start, end)}, lesson by lesson, so that every event is well inside the ingest
 * API's retention age when the term ends just before now.
 *
 * <p>Events are maps in the JSON shape of contract §2/§3, ready to post.
 */
record SchoolTerm(
        List<Map<String, Object>> roster,
        Map<UUID, List<Map<String, Object>>> eventsByClassroom,
        List<Classroom> classrooms,
        Expected expected) {

    static final int LESSONS = 12;

    /** A classroom of the term and the facilitator who runs it. */
    record Classroom(UUID id, UUID facilitatorId, String name, String code) {}

    private static final String[][] ACTIVITY_KINDS = {
        {"lesson_opened", "navigation"},
        {"video_watched", "media"},
        {"quiz_answered", "assessment"},
        {"activity_completed", "activity"},
        {"hint_requested", "support"},
        {"badge_earned", "reward"}
    };

    /**
     * @param seed the facilitators' ids: the same for every run, so the demo facilitator stays the same
     * @param runSeed everything else: a new one per run gives new classrooms, students and event ids, so a
     *     run never repeats an earlier run's events on a stack that keeps its data
     */
    static SchoolTerm generate(
            long seed,
            long runSeed,
            int facilitators,
            int classroomsEach,
            int studentsEach,
            Instant start,
            Instant end) {
        Random people = new Random(seed);
        Random random = new Random(runSeed);
        List<Map<String, Object>> roster = new ArrayList<>();
        List<Classroom> classrooms = new ArrayList<>();
        Map<UUID, List<Map<String, Object>>> events = new LinkedHashMap<>();
        Expected expected = new Expected();
        Duration lessonSlot = Duration.between(start, end).dividedBy(LESSONS);

        for (int f = 0; f < facilitators; f++) {
            UUID facilitatorId = uuid(people);
            roster.add(Map.of(
                    "kind",
                    "facilitator",
                    "eventId",
                    uuid(random).toString(),
                    "occurredAt",
                    start.toString(),
                    "facilitatorId",
                    facilitatorId.toString(),
                    "email",
                    "facilitator" + (f + 1) + "@school.example",
                    "organization",
                    "Demo District",
                    "active",
                    true));
            for (int c = 0; c < classroomsEach; c++) {
                Classroom classroom = new Classroom(
                        uuid(random),
                        facilitatorId,
                        "Class %d%s".formatted(f + 1, (char) ('A' + c)),
                        "HERO-%02d%02d".formatted(f + 1, c + 1));
                classrooms.add(classroom);
                roster.add(Map.of(
                        "kind",
                        "classroom",
                        "eventId",
                        uuid(random).toString(),
                        "occurredAt",
                        start.plusSeconds(c).toString(),
                        "classroomId",
                        classroom.id().toString(),
                        "facilitatorId",
                        facilitatorId.toString(),
                        "name",
                        classroom.name(),
                        "classroomCode",
                        classroom.code(),
                        "active",
                        true));
                List<Map<String, Object>> classroomEvents = new ArrayList<>();
                for (int s = 0; s < studentsEach; s++) {
                    UUID studentId = uuid(random);
                    roster.add(Map.of(
                            "kind",
                            "student",
                            "eventId",
                            uuid(random).toString(),
                            "occurredAt",
                            start.toString(),
                            "studentId",
                            studentId.toString(),
                            "classroomId",
                            classroom.id().toString(),
                            "anonymousId",
                            "hero-%04d".formatted(random.nextInt(10_000)),
                            "active",
                            true));
                    expected.student(classroom.id());
                    int lessonsReached = 6 + random.nextInt(LESSONS - 5);
                    for (int lesson = 1; lesson <= lessonsReached; lesson++) {
                        Instant lessonStart = start.plus(lessonSlot.multipliedBy(lesson - 1));
                        new LessonSession(random, classroom.id(), studentId, lesson, lessonStart, lessonSlot, expected)
                                .play(lesson == lessonsReached ? 0.5 : 0.9, classroomEvents);
                    }
                }
                events.put(classroom.id(), classroomEvents);
            }
        }
        return new SchoolTerm(roster, events, classrooms, expected);
    }

    int eventCount() {
        return eventsByClassroom.values().stream().mapToInt(List::size).sum();
    }

    static String[][] activityKinds() {
        return ACTIVITY_KINDS;
    }

    static UUID uuid(Random random) {
        return new UUID(
                random.nextLong() & 0xffffffffffff0fffL | 0x4000L,
                random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
    }
}
