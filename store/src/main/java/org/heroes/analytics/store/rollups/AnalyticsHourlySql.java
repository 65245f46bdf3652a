package org.heroes.analytics.store.rollups;

/**
 * {@code analytics_hourly_rollup} from {@code analytics_events}: what {@code sink.AnalyticsEventWriter}
 * adds batch by batch, computed at once. UTC hours, {@code count(*)}, the exact {@code numeric} sum of
 * the values and the count of the values present. The scope parameters are those of {@link
 * ScopeParameters}; their hours are whole, so filtering raw rows on {@code "timestamp"} and rollup rows
 * on {@code bucket_hour} selects exactly the same buckets.
 */
final class AnalyticsHourlySql {

    static final String DERIVED = """
            SELECT classroom_id, date_trunc('hour', "timestamp", 'UTC') AS bucket_hour, event_type, event_category,
                   count(*) AS event_count, coalesce(sum(event_value::numeric), 0) AS value_sum,
                   count(event_value) AS value_count
            FROM analytics_events
            WHERE (:everyClassroom OR classroom_id = ANY(:classrooms))
              AND "timestamp" >= CAST(:hourFrom AS timestamptz) AND "timestamp" < CAST(:hourTo AS timestamptz)
            GROUP BY 1, 2, 3, 4
            """;

    static final String IN_SCOPE = """
            (:everyClassroom OR classroom_id = ANY(:classrooms))
              AND bucket_hour >= CAST(:hourFrom AS timestamptz) AND bucket_hour < CAST(:hourTo AS timestamptz)
            """;

    /**
     * Stored against derived, key by key: stored rows (all-zero rows count as absent, as readers treat
     * them), derived rows, keys on both sides with other values, keys only derived, keys only stored.
     */
    static final String DIFF = "WITH derived AS (" + DERIVED + "), stored AS (\n" + """
            SELECT classroom_id, bucket_hour, event_type, event_category, event_count, value_sum, value_count
            FROM analytics_hourly_rollup
            WHERE (event_count, value_sum, value_count) <> (0, 0, 0) AND
            """ + IN_SCOPE + ")\n" + """
            SELECT count(s.classroom_id) AS stored, count(d.classroom_id) AS derived,
                   count(*) FILTER (WHERE s.classroom_id IS NOT NULL AND d.classroom_id IS NOT NULL
                                      AND (s.event_count, s.value_sum, s.value_count)
                                          IS DISTINCT FROM (d.event_count, d.value_sum, d.value_count)) AS wrong,
                   count(*) FILTER (WHERE s.classroom_id IS NULL) AS missing,
                   count(*) FILTER (WHERE d.classroom_id IS NULL) AS extra
            FROM stored s
            FULL JOIN derived d
              ON s.classroom_id = d.classroom_id AND s.bucket_hour = d.bucket_hour
             AND s.event_type = d.event_type AND s.event_category = d.event_category
            """;

    static final String DELETE = "DELETE FROM analytics_hourly_rollup WHERE " + IN_SCOPE;

    static final String INSERT = """
            INSERT INTO analytics_hourly_rollup
                (classroom_id, bucket_hour, event_type, event_category, event_count, value_sum, value_count)
            """ + DERIVED;

    static final String LOCK = "LOCK TABLE analytics_hourly_rollup IN EXCLUSIVE MODE";

    private AnalyticsHourlySql() {}
}
