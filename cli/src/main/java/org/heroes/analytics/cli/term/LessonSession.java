package org.heroes.analytics.cli.term;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** One student working through one lesson: the progress, analytics and feedback events it makes. */
final class LessonSession {

    /**
     * The student's tablet: how far its clock is ahead (its events are stamped that much later than they happened),
     * and whether it runs the newer app, which adds {@link SchoolTerm#NEWER_APP_FIELD} to every event.
     */
    record Device(Duration clockAhead, boolean newerApp) {}

    private final Random random;
    private final UUID classroomId;
    private final UUID studentId;
    private final int lesson;
    private final Instant lessonStart;
    private final long slotMillis;
    private final Device device;
    private final Expected expected;

    LessonSession(
            Random random,
            UUID classroomId,
            UUID studentId,
            int lesson,
            Instant lessonStart,
            Duration slot,
            Device device,
            Expected expected) {
        this.random = random;
        this.classroomId = classroomId;
        this.studentId = studentId;
        this.lesson = lesson;
        this.lessonStart = lessonStart;
        this.slotMillis = slot.toMillis();
        this.device = device;
        this.expected = expected;
    }

    /** Appends the lesson's events; the student completes it with the given probability. */
    void play(double completionChance, List<Map<String, Object>> out) {
        out.add(progress("in_progress", at(0.05), null));
        String[][] kinds = SchoolTerm.activityKinds();
        int activities = 12 + random.nextInt(6);
        for (int i = 0; i < activities; i++) {
            String[] kind = kinds[i < kinds.length ? i : 1 + random.nextInt(kinds.length - 1)];
            Double value = switch (kind[0]) {
                case "video_watched" -> (double) (30 + random.nextInt(270));
                case "quiz_answered" -> (double) random.nextInt(2);
                case "activity_completed" -> (double) random.nextInt(101);
                default -> null;
            };
            out.add(analytics(kind[0], kind[1], value, at(0.1 + 0.7 * i / activities)));
        }
        if (random.nextDouble() < completionChance) {
            out.add(progress("completed", at(0.9), 40 + random.nextInt(61)));
            expected.completed(classroomId, studentId);
            Integer rating = random.nextDouble() < 0.8 ? 1 + random.nextInt(5) : null;
            out.add(feedback(rating, at(0.95)));
        }
    }

    /**
     * When an event truly happens. A tablet with a wrong clock happens on whole minutes: the service's correction is
     * exact but for the request's transit time (docs/adr/0024), which then never moves an event across an hour or a
     * day (whole hours, or :30 and :45 in zones such as Asia/Kolkata).
     */
    private Instant at(double fraction) {
        Instant at = lessonStart.plusMillis((long) (slotMillis * fraction) + random.nextInt(60_000));
        return device.clockAhead().isZero() ? at : at.truncatedTo(ChronoUnit.MINUTES);
    }

    private Map<String, Object> common(String kind, Instant occurredAt) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("kind", kind);
        event.put("eventId", SchoolTerm.uuid(random).toString());
        event.put("classroomId", classroomId.toString());
        event.put("occurredAt", occurredAt.plus(device.clockAhead()).toString());
        event.put("studentId", studentId.toString());
        if (device.newerApp()) {
            event.put(SchoolTerm.NEWER_APP_FIELD, "landscape");
        }
        return event;
    }

    private Map<String, Object> progress(String status, Instant at, Integer score) {
        Map<String, Object> event = common("progress", at);
        event.put("lessonId", lesson);
        event.put("completionStatus", status);
        if (score != null) {
            event.put("score", score);
        }
        event.put("timeSpentSeconds", 60 + random.nextInt(1200));
        expected.progressEvent();
        return event;
    }

    private Map<String, Object> analytics(String type, String category, Double value, Instant at) {
        Map<String, Object> event = common("analytics", at);
        event.put("eventType", type);
        event.put("eventCategory", category);
        if (value != null) {
            event.put("eventValue", value);
        }
        event.put("properties", Map.of("lesson", Integer.toString(lesson)));
        expected.analytics(classroomId, studentId, type, category, value, at);
        return event;
    }

    private Map<String, Object> feedback(Integer rating, Instant at) {
        Map<String, Object> event = common("feedback", at);
        event.put("lessonId", lesson);
        event.put("feedbackType", "lesson_rating");
        if (rating != null) {
            event.put("rating", rating);
        }
        expected.feedbackEvent();
        return event;
    }
}
