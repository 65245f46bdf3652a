package org.heroes.analytics.store.sink;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.SqlArrayValue;
import org.springframework.stereotype.Component;

/**
 * Moves {@code classroom_watermarks}: per classroom, the newest {@code occurredAt} among its events
 * (analytics, progress, feedback) that the aggregator has committed. It never goes back: a late event
 * older than the mark leaves it where it is (docs/adr/0005 defines "data as of").
 */
@Component
class WatermarkWriter {

    static final String ADVANCE = """
            INSERT INTO classroom_watermarks AS w (classroom_id, data_as_of)
            SELECT * FROM unnest(?::uuid[], ?::timestamptz[]) AS m(classroom_id, data_as_of) ORDER BY 1
            ON CONFLICT (classroom_id) DO UPDATE SET data_as_of = EXCLUDED.data_as_of
            WHERE w.data_as_of < EXCLUDED.data_as_of
            """;

    private final JdbcClient jdbc;

    WatermarkWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves the batch's classrooms' marks; answers the newest {@code occurredAt} of the batch, or null. */
    Instant advance(SinkBatch batch) {
        Map<String, Instant> newest = new TreeMap<>();
        batch.analytics().forEach(e -> merge(newest, e.getClassroomId(), e.getOccurredAt()));
        batch.progress().forEach(e -> merge(newest, e.getClassroomId(), e.getOccurredAt()));
        batch.feedback().forEach(e -> merge(newest, e.getClassroomId(), e.getOccurredAt()));
        if (newest.isEmpty()) {
            return null;
        }
        jdbc.sql(ADVANCE)
                .params(
                        new SqlArrayValue("uuid", newest.keySet().toArray()),
                        new SqlArrayValue(
                                "timestamptz",
                                newest.values().stream().map(Instant::toString).toArray()))
                .update();
        return newest.values().stream().max(Instant::compareTo).orElseThrow();
    }

    private static void merge(Map<String, Instant> newest, String classroomId, Instant occurredAt) {
        newest.merge(SqlArrays.canonicalUuid(classroomId), occurredAt, (a, b) -> a.isAfter(b) ? a : b);
    }
}
