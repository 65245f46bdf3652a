package org.heroes.analytics.query.classrooms;

import java.util.List;
import java.util.UUID;
import org.heroes.analytics.query.web.ApiProperties;
import org.heroes.analytics.query.web.Bucket;
import org.heroes.analytics.query.web.InvalidParameterException;
import org.heroes.analytics.query.web.TimeRange;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * DESIGN §4: the caller's classrooms and, per classroom, its events, time series, lesson progress and feedback. Every
 * answer carries {@value #DATA_AS_OF}, the aggregator's watermark (absent while it has none).
 */
@RestController
@RequestMapping(path = "/v1/classrooms", produces = "application/json")
class ClassroomController {

    static final String DATA_AS_OF = "X-Data-As-Of";

    /** The zone a time series' day buckets are cut in: the classroom's (ADR 0025). */
    static final String TIME_ZONE = "X-Time-Zone";

    static final String EVENT_TYPE = "eventType";

    /** Longer than any event type the ingest rules accept; a longer filter is a mistake, not a question. */
    private static final int MAX_EVENT_TYPE_LENGTH = 100;

    private final ClassroomReads classrooms;
    private final EventReads events;
    private final LessonReads lessons;
    private final ApiProperties api;

    ClassroomController(ClassroomReads classrooms, EventReads events, LessonReads lessons, ApiProperties api) {
        this.classrooms = classrooms;
        this.events = events;
        this.lessons = lessons;
        this.api = api;
    }

    /** The caller's active classrooms, newest first, with their student counts. */
    @GetMapping
    ResponseEntity<List<ClassroomSummary>> classrooms() {
        return dated(classrooms.activeClassrooms());
    }

    /** Events per type and category over {@code from <= occurredAt < to}, most frequent first. */
    @GetMapping("/{classroomId}/analytics")
    ResponseEntity<List<EventGroup>> analytics(
            @PathVariable("classroomId") UUID classroomId,
            @RequestParam(name = TimeRange.FROM, required = false) String from,
            @RequestParam(name = TimeRange.TO, required = false) String to) {
        return dated(events.eventGroups(classroomId, api.range(from, to)));
    }

    /**
     * Events per UTC hour or per local day of the classroom over {@code from <= occurredAt < to}, optionally of one
     * type; oldest first. Names the classroom's zone in {@value #TIME_ZONE}.
     */
    @GetMapping("/{classroomId}/analytics/timeseries")
    ResponseEntity<List<TimeBucket>> timeSeries(
            @PathVariable("classroomId") UUID classroomId,
            @RequestParam(name = TimeRange.FROM, required = false) String from,
            @RequestParam(name = TimeRange.TO, required = false) String to,
            @RequestParam(name = Bucket.PARAMETER, required = false) String bucket,
            @RequestParam(name = EVENT_TYPE, required = false) String eventType) {
        TimeRange range = api.range(from, to);
        Dated<List<TimeBucket>> answer =
                events.timeSeries(classroomId, range, Bucket.parse(bucket), eventType(eventType));
        return ResponseEntity.ok()
                .headers(dated(answer).getHeaders())
                .header(TIME_ZONE, answer.timeZone())
                .body(answer.body());
    }

    /** Per lesson 1..12, how many students have not started, are in progress, have completed it. */
    @GetMapping("/{classroomId}/progress")
    ResponseEntity<List<LessonProgress>> progress(@PathVariable("classroomId") UUID classroomId) {
        return dated(lessons.progress(classroomId));
    }

    /** Feedback per lesson and type over {@code from <= createdAt < to}. */
    @GetMapping("/{classroomId}/feedback")
    ResponseEntity<List<FeedbackGroup>> feedback(
            @PathVariable("classroomId") UUID classroomId,
            @RequestParam(name = TimeRange.FROM, required = false) String from,
            @RequestParam(name = TimeRange.TO, required = false) String to) {
        return dated(lessons.feedback(classroomId, api.range(from, to)));
    }

    /** Blank is "all types"; anything else is data, matched exactly. */
    private static String eventType(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_EVENT_TYPE_LENGTH) {
            throw new InvalidParameterException(
                    EVENT_TYPE, "may be at most " + MAX_EVENT_TYPE_LENGTH + " characters long");
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidParameterException(EVENT_TYPE, "may not contain control characters");
        }
        return value;
    }

    private static <T> ResponseEntity<T> dated(Dated<T> answer) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (answer.dataAsOf() != null) {
            response.header(DATA_AS_OF, answer.dataAsOf().toString());
        }
        return response.body(answer.body());
    }
}
