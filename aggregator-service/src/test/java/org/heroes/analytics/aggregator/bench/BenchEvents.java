package org.heroes.analytics.aggregator.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;

/**
 * The analytics events the benchmarks put on Kafka, deterministic for a seed, in one of two shapes.
 *
 * <p>{@link Shape#LESSONS} is what a live topic carries: classrooms of 25 students in lessons, twenty at
 * a time, each student making 12–17 events of the simulated term's six kinds over a 45-minute lesson,
 * in the order they happen give or take half a minute. A batch then touches few hourly rollup cells.
 * {@link Shape#UNIFORM} is the worst case for the rollups: every event at a random second of 30 days, a
 * random classroom of 200, classroom-wide (no student: a new student per event would have to be put on the
 * roster first, ADR 0021), so nearly every event opens its own rollup cell. Both leave a quarter without a
 * value (the kinds without one) and send 2 % twice. The students of {@link Shape#LESSONS} are put on the
 * roster before the aggregator starts ({@code SinkBenchmark.produce}), as in a running term.
 */
final class BenchEvents {

    /** How the events are spread over classrooms, students and time. */
    enum Shape {
        LESSONS,
        UNIFORM
    }

    private static final Instant START = Instant.parse("2026-10-01T00:00:00Z");
    private static final Duration SPAN = Duration.ofDays(30);
    private static final int CLASSROOMS = 200;
    private static final int STUDENTS_EACH = 25;
    private static final int CLASSROOMS_IN_LESSON = 20;
    private static final Duration LESSON = Duration.ofMinutes(45);
    private static final String[] UNIFORM_TYPES = {"lesson_started", "hint_used", "quiz_answered", "video_watched"};
    private static final String[][] TERM_KINDS = {
        {"lesson_opened", "navigation"},
        {"video_watched", "media"},
        {"quiz_answered", "assessment"},
        {"activity_completed", "activity"},
        {"hint_requested", "support"},
        {"badge_earned", "reward"}
    };

    private final Random random;
    private final List<UUID> classrooms;
    private AnalyticsEvent previous;

    private BenchEvents(long seed) {
        this.random = new Random(seed);
        this.classrooms = IntStream.range(0, CLASSROOMS).mapToObj(i -> uuid()).toList();
    }

    /** Hands {@code events} events (duplicates included) of the shape to {@code sink}, in stream order. */
    static void generate(Shape shape, int events, long seed, Consumer<AnalyticsEvent> sink) {
        BenchEvents generator = new BenchEvents(seed);
        switch (shape) {
            case UNIFORM -> generator.uniform(events, sink);
            case LESSONS -> generator.lessons(events, sink);
        }
    }

    private void uniform(int events, Consumer<AnalyticsEvent> sink) {
        for (int i = 0; i < events; i++) {
            sink.accept(withDuplicates(() -> AnalyticsEvent.newBuilder()
                    .setEventId(uuid().toString())
                    .setClassroomId(
                            classrooms.get(random.nextInt(classrooms.size())).toString())
                    .setOccurredAt(START.plusMillis((long) random.nextInt((int) SPAN.toSeconds()) * 1000))
                    .setStudentId(null)
                    .setEventType(UNIFORM_TYPES[random.nextInt(UNIFORM_TYPES.length)])
                    .setEventCategory(random.nextBoolean() ? "lesson" : "quiz")
                    .setEventValue(random.nextInt(4) == 0 ? null : (double) random.nextInt(10_000) / 100)
                    .setProperties(null)
                    .build()));
        }
    }

    private void lessons(int events, Consumer<AnalyticsEvent> sink) {
        List<List<UUID>> students = classrooms.stream()
                .map(c ->
                        IntStream.range(0, STUDENTS_EACH).mapToObj(i -> uuid()).toList())
                .toList();
        int perWave = CLASSROOMS_IN_LESSON * STUDENTS_EACH * 15;
        int waves = Math.max(1, (events + perWave - 1) / perWave);
        Duration gap = SPAN.dividedBy(waves);
        int sent = 0;
        for (int wave = 0; sent < events; wave++) {
            Instant lessonStart = START.plus(gap.multipliedBy(wave));
            List<Timed> inLesson = new ArrayList<>();
            for (int c = 0; c < CLASSROOMS_IN_LESSON; c++) {
                int classroom = random.nextInt(CLASSROOMS);
                for (UUID student : students.get(classroom)) {
                    lesson(classrooms.get(classroom), student, lessonStart, inLesson);
                }
            }
            inLesson.sort(Comparator.comparingLong(Timed::arrival));
            for (int i = 0; i < inLesson.size() && sent < events; i++, sent++) {
                AnalyticsEvent event = inLesson.get(i).event();
                sink.accept(withDuplicates(() -> event));
            }
        }
    }

    /** One student's lesson: 12–17 events of the term's kinds spread over it, arriving up to 30 s late. */
    private void lesson(UUID classroom, UUID student, Instant lessonStart, List<Timed> out) {
        int activities = 12 + random.nextInt(6);
        for (int i = 0; i < activities; i++) {
            String[] kind = TERM_KINDS[i < TERM_KINDS.length ? i : 1 + random.nextInt(TERM_KINDS.length - 1)];
            Instant at = lessonStart.plusMillis(LESSON.toMillis() * i / activities + random.nextInt(60_000));
            Double value = switch (kind[0]) {
                case "video_watched" -> (double) (30 + random.nextInt(270));
                case "quiz_answered" -> (double) random.nextInt(2);
                case "activity_completed" -> (double) random.nextInt(101);
                default -> null;
            };
            AnalyticsEvent event = AnalyticsEvent.newBuilder()
                    .setEventId(uuid().toString())
                    .setClassroomId(classroom.toString())
                    .setOccurredAt(at)
                    .setStudentId(student.toString())
                    .setEventType(kind[0])
                    .setEventCategory(kind[1])
                    .setEventValue(value)
                    .setProperties(null)
                    .build();
            out.add(new Timed(at.toEpochMilli() + random.nextInt(30_000), event));
        }
    }

    /** Every fiftieth event or so is the one before it again: a client's retry. */
    private AnalyticsEvent withDuplicates(java.util.function.Supplier<AnalyticsEvent> next) {
        AnalyticsEvent event = previous != null && random.nextInt(50) == 0 ? previous : next.get();
        previous = event;
        return event;
    }

    private UUID uuid() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    private record Timed(long arrival, AnalyticsEvent event) {}
}
