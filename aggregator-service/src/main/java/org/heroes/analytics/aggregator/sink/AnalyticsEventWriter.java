package org.heroes.analytics.aggregator.sink;

import java.util.List;
import java.util.Map;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Inserts analytics events, once per (event id, timestamp): a redelivered event changes nothing. */
@Component
class AnalyticsEventWriter {

    static final String INSERT_EVENTS = """
            INSERT INTO analytics_events
                (event_id, classroom_id, student_id, event_type, event_category, event_value, properties, "timestamp")
            SELECT * FROM unnest(?::uuid[], ?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::float8[], ?::jsonb[],
                                 ?::timestamptz[])
            ON CONFLICT DO NOTHING
            """;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;

    AnalyticsEventWriter(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the events not yet stored; returns how many rows were new. */
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
                .update();
    }

    private static String json(Map<String, String> properties) {
        return properties == null ? null : JSON.writeValueAsString(properties);
    }
}
