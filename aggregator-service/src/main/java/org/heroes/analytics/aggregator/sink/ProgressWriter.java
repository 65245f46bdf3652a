package org.heroes.analytics.aggregator.sink;

import java.util.Comparator;
import java.util.List;
import org.heroes.analytics.aggregator.sink.LatestWins.Winner;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Upserts each student's state per lesson: the event with the latest {@code occurredAt} wins, ties
 * broken by the greater event id, so the stored row does not depend on arrival order, batch
 * boundaries or redelivery.
 */
@Component
class ProgressWriter {

    /**
     * The row comparison {@code (updated_at, event_id) < (...)} is the same order {@link #LATEST}
     * applies in Java: PostgreSQL compares uuids byte by byte, which is the string order of their
     * lower-case canonical text.
     */
    static final String UPSERT_PROGRESS = """
            INSERT INTO student_progress AS p
                (student_id, lesson_id, classroom_id, completion_status, score, time_spent_seconds, event_id,
                 updated_at)
            SELECT * FROM unnest(?::uuid[], ?::int4[], ?::uuid[], ?::text[], ?::int4[], ?::int8[], ?::uuid[],
                                 ?::timestamptz[])
            ON CONFLICT (student_id, lesson_id) DO UPDATE SET
                classroom_id       = EXCLUDED.classroom_id,
                completion_status  = EXCLUDED.completion_status,
                score              = EXCLUDED.score,
                time_spent_seconds = EXCLUDED.time_spent_seconds,
                event_id           = EXCLUDED.event_id,
                updated_at         = EXCLUDED.updated_at
            WHERE (p.updated_at, p.event_id) < (EXCLUDED.updated_at, EXCLUDED.event_id)
            """;

    /** Between events of equal {@code occurredAt}, the greater event id (in PostgreSQL's uuid order) wins. */
    static final Comparator<ProgressEvent> LATEST = Comparator.comparing(e -> SqlArrays.canonicalUuid(e.getEventId()));

    private final JdbcClient jdbc;

    ProgressWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies the batch's latest event per (student, lesson); returns how many rows changed. */
    int write(List<ProgressEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        List<ProgressEvent> rows = latestPerStudentLesson(events);
        return jdbc.sql(UPSERT_PROGRESS)
                .params(
                        SqlArrays.uuid(rows, ProgressEvent::getStudentId),
                        SqlArrays.int4(rows, ProgressEvent::getLessonId),
                        SqlArrays.uuid(rows, ProgressEvent::getClassroomId),
                        SqlArrays.text(
                                "text", rows, e -> e.getCompletionStatus().name()),
                        SqlArrays.int4(rows, ProgressEvent::getScore),
                        SqlArrays.int8(rows, ProgressEvent::getTimeSpentSeconds),
                        SqlArrays.uuid(rows, ProgressEvent::getEventId),
                        SqlArrays.timestamptz(rows, ProgressEvent::getOccurredAt))
                .update();
    }

    /** One event per (student, lesson): the one the upsert would keep. */
    static List<ProgressEvent> latestPerStudentLesson(List<ProgressEvent> events) {
        return LatestWins.perKey(
                        events,
                        e -> List.of(SqlArrays.canonicalUuid(e.getStudentId()), e.getLessonId()),
                        ProgressEvent::getOccurredAt,
                        LATEST)
                .stream()
                .map(Winner::record)
                .toList();
    }
}
