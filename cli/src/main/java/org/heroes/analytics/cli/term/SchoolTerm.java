package org.heroes.analytics.cli.term;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic school term: for a seed, the same roster and the same events every time. Event
 * times lie inside {@code [from, end)} (as they truly happened: the fast tablet stamps them later), lesson by
 * lesson, so that every event is well inside the ingest API's retention age when the term ends just before now.
 *
 * <p>The term includes the clients that used to lose data (issue 18; docs/adr/0024): the first facilitator's
 * second classroom has been offline for {@link #OFFLINE} (its lessons spread over those days, all its events sent
 * after everything else), a tablet of the first classroom runs a newer app that adds a field the service does not
 * know ({@link #NEWER_APP_FIELD}: accepted, warned about, dropped), and a tablet of the third classroom has a clock
 * {@link #CLOCK_AHEAD} fast (its {@code occurredAt} and its batches' {@code sentAt} alike; the service corrects them).
 * With fewer classrooms the clients share them (index modulo the classrooms). The classrooms' zones go round
 * {@link #ZONES} (the roster's {@code timeZone}): UTC, America/New_York (DST) and Asia/Kolkata (+05:30), so each
 * facilitator has classrooms whose days start at three different instants.
 *
 * <p>Events are maps in the JSON shape of contract §2/§3, ready to post.
 *
 * @param tablets the event streams in the order they are to be sent, each through one client
 * @param from the earliest event time of the term (the offline classroom's start when it began earlier)
 */
record SchoolTerm(
        List<Map<String, Object>> roster,
        List<Tablet> tablets,
        List<Classroom> classrooms,
        Expected expected,
        Instant from,
        Clients clients) {

    static final int LESSONS = 12;
    /** How long the offline classroom's tablets were offline: longer than the old 7-day live window. */
    static final Duration OFFLINE = Duration.ofDays(10);
    /** How far the fast tablet's clock is ahead. */
    static final Duration CLOCK_AHEAD = Duration.ofHours(3);
    /** The classrooms' zones, in turn. */
    static final List<ZoneId> ZONES =
            List.of(ZoneId.of("UTC"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"));
    /** The field the newer app adds to each of its events. */
    static final String NEWER_APP_FIELD = "deviceOrientation";

    /** A classroom of the term, the facilitator who runs it, and the zone its days are cut in. */
    record Classroom(UUID id, UUID facilitatorId, String name, String code, ZoneId zone) {}

    /**
     * A classroom's events sent in order through one client: a whole classroom's tablets together, or one tablet
     * of its own when its clock differs (a batch has one {@code sentAt}).
     *
     * @param clockAhead how far the sender's clock is ahead: its {@code occurredAt} and {@code sentAt} alike
     * @param offline sent after every online tablet, as a classroom that syncs at the end
     */
    record Tablet(UUID classroomId, Duration clockAhead, boolean offline, List<Map<String, Object>> events) {}

    /** Where the term's unusual clients are, and how many events each sends. */
    record Clients(
            Classroom offline,
            long offlineEvents,
            Classroom newerApp,
            long newerAppEvents,
            Classroom fastClock,
            long fastClockEvents) {}

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
        List<Tablet> tablets = new ArrayList<>();
        Expected expected = new Expected();
        Instant offlineStart = end.minus(OFFLINE);
        Instant from = offlineStart.isBefore(start) ? offlineStart : start;
        Map<String, Classroom> special = new LinkedHashMap<>();
        long[] counts = new long[3];

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
                        "HERO-%02d%02d".formatted(f + 1, c + 1),
                        ZONES.get(classrooms.size() % ZONES.size()));
                classrooms.add(classroom);
                boolean offline = f == 0 && c == 1 % classroomsEach;
                boolean newerApp = f == 0 && c == 0;
                boolean fastClock = f == 0 && c == 2 % classroomsEach;
                if (offline) {
                    special.put("offline", classroom);
                }
                if (newerApp) {
                    special.put("newerApp", classroom);
                }
                if (fastClock) {
                    special.put("fastClock", classroom);
                }
                Instant classroomStart = offline ? offlineStart : start;
                Duration lessonSlot = Duration.between(classroomStart, end).dividedBy(LESSONS);
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
                        "timeZone",
                        classroom.zone().getId(),
                        "active",
                        true));
                List<Map<String, Object>> classroomEvents = new ArrayList<>();
                List<Map<String, Object>> fastTabletEvents = new ArrayList<>();
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
                    LessonSession.Device device = new LessonSession.Device(
                            fastClock && s == 1 % studentsEach ? CLOCK_AHEAD : Duration.ZERO, newerApp && s == 0);
                    List<Map<String, Object>> into = device.clockAhead().isZero() ? classroomEvents : fastTabletEvents;
                    int before = into.size();
                    int lessonsReached = 6 + random.nextInt(LESSONS - 5);
                    for (int lesson = 1; lesson <= lessonsReached; lesson++) {
                        Instant lessonStart = classroomStart.plus(lessonSlot.multipliedBy(lesson - 1));
                        new LessonSession(
                                        random,
                                        classroom.id(),
                                        studentId,
                                        lesson,
                                        lessonStart,
                                        lessonSlot,
                                        device,
                                        expected)
                                .play(lesson == lessonsReached ? 0.5 : 0.9, into);
                    }
                    if (device.newerApp()) {
                        counts[1] += into.size() - before;
                    }
                    if (!device.clockAhead().isZero()) {
                        counts[2] += into.size() - before;
                    }
                }
                if (offline) {
                    counts[0] += classroomEvents.size() + fastTabletEvents.size();
                }
                tablets.add(new Tablet(classroom.id(), Duration.ZERO, offline, classroomEvents));
                if (!fastTabletEvents.isEmpty()) {
                    tablets.add(new Tablet(classroom.id(), CLOCK_AHEAD, offline, fastTabletEvents));
                }
            }
        }
        tablets.sort(Comparator.comparing(Tablet::offline)); // stable: the offline classroom's go last
        Clients clients = new Clients(
                special.get("offline"),
                counts[0],
                special.get("newerApp"),
                counts[1],
                special.get("fastClock"),
                counts[2]);
        return new SchoolTerm(roster, tablets, classrooms, expected, from, clients);
    }

    int eventCount() {
        return tablets.stream().mapToInt(t -> t.events().size()).sum();
    }

    /** Every classroom's events, its tablets' together, in the order the classrooms were made. */
    Map<UUID, List<Map<String, Object>>> eventsByClassroom() {
        Map<UUID, List<Map<String, Object>>> byClassroom = new LinkedHashMap<>();
        for (Tablet tablet : tablets) {
            byClassroom
                    .computeIfAbsent(tablet.classroomId(), k -> new ArrayList<>())
                    .addAll(tablet.events());
        }
        return byClassroom;
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
