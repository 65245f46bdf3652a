package org.heroes.analytics.store.sink;

import java.util.List;
import java.util.Map;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Inserts analytics events, once per (event id, timestamp), and counts the newly inserted ones into
 * {@code analytics_hourly_rollup} in the same statement: a redelivered event changes nothing.
 */
@Component
class AnalyticsEventWriter {

    /**
     * Inserts the events and adds the ones actually inserted (never a duplicate) to their UTC hour's
     * rollup row; answers how many were inserted. The value sum is {@code numeric} so that the rollup
     * equals {@code sum(event_value::numeric)} over the raw rows to the last digit.
     */
    static final String INSERT_EVENTS = """
            WITH inserted AS (
                INSERT INTO analytics_events
                    (event_id, classroom_id, student_id, event_type, event_category, event_value, properties,
                     "timestamp")
                SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::float8[],
                                     ?::jsonb[], ?::timestamptz[])
                ON CONFLICT DO NOTHING
                RETURNING classroom_id, event_type, event_category, event_value, "timestamp"
            ), rolled_up AS (
                INSERT INTO analytics_hourly_rollup AS r
                    (classroom_id, bucket_hour, event_type, event_category, event_count, value_sum, value_count)
                SELECT classroom_id, date_trunc('hour', "timestamp", 'UTC'), event_type, event_category,
                       count(*), coalesce(sum(event_value::numeric), 0), count(event_value)
                FROM inserted
                GROUP BY 1, 2, 3, 4
                ORDER BY 1, 2, 3, 4
                ON CONFLICT (classroom_id, bucket_hour, event_type, event_category) DO UPDATE SET
                    event_count = r.event_count + EXCLUDED.event_count,
                    value_sum   = r.value_sum + EXCLUDED.value_sum,
                    value_count = r.value_count + EXCLUDED.value_count
                RETURNING 1
            )
            SELECT count(*) FROM inserted
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    AnalyticsEventWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the events not yet stored and rolls them up; returns how many rows were new. */
    int write(List<AnalyticsEvent> events) {
        if (events.isEmpty()) {
            return 0;
        }
        return jdbc.sql(INSERT_EVENTS)
                .params(
                        SqlArrays.uuid(events, AnalyticsEvent::getEventId),
                        SqlArrays.uuid(events, AnalyticsEvent::getClassroomId),
                        SqlArrays.uuid(events, AnalyticsEvent::getStudentId),
                        SqlArrays.text("text", events, AnalyticsEvent::getEventType),
                        SqlArrays.text("text", events, AnalyticsEvent::getEventCategory),
                        SqlArrays.float8(events, AnalyticsEvent::getEventValue),
                        SqlArrays.text("jsonb", events, e -> json(e.getProperties())),
                        SqlArrays.timestamptz(events, AnalyticsEvent::getOccurredAt))
                .query(Integer.class)
                .single();
    }

    private static String json(Map<String, String> properties) {
        return properties == null ? null : JSON.writeValueAsString(properties);
    }
}
