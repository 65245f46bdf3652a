package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every rollup, and the watermarks, against the same computation over the raw rows: one query per
 * rollup, answering the rows on which the two differ (a symmetric difference), restricted to the
 * given classrooms so tests sharing the database do not see each other.
 */
public final class RollupChecks {

    static final String ANALYTICS = """
            WITH raw AS (
                SELECT classroom_id, date_trunc('hour', "timestamp", 'UTC') AS bucket_hour, event_type, event_category,
                       count(*) AS event_count, coalesce(sum(event_value::numeric), 0) AS value_sum,
                       count(event_value) AS value_count
                FROM analytics_events WHERE classroom_id = ANY(?::uuid[])
                GROUP BY 1, 2, 3, 4
            ), rolled AS (
                SELECT classroom_id, bucket_hour, event_type, event_category, event_count, value_sum, value_count
                FROM analytics_hourly_rollup WHERE classroom_id = ANY(?::uuid[]) AND event_count > 0
            )
            (SELECT 'raw' AS side, * FROM raw EXCEPT SELECT 'raw', * FROM rolled)
            UNION ALL
            (SELECT 'rollup', * FROM rolled EXCEPT SELECT 'rollup', * FROM raw)
            """;

    static final String FEEDBACK = """
            WITH raw AS (
                SELECT classroom_id, date_trunc('hour', created_at, 'UTC') AS bucket_hour, lesson_id, feedback_type,
                       count(*) AS feedback_count, coalesce(sum(rating), 0) AS rating_sum, count(rating) AS rating_count
                FROM student_feedback WHERE classroom_id = ANY(?::uuid[])
                GROUP BY 1, 2, 3, 4
            ), rolled AS (
                SELECT classroom_id, bucket_hour, lesson_id, feedback_type, feedback_count, rating_sum, rating_count
                FROM feedback_hourly_rollup WHERE classroom_id = ANY(?::uuid[]) AND feedback_count > 0
            )
            (SELECT 'raw' AS side, * FROM raw EXCEPT SELECT 'raw', * FROM rolled)
            UNION ALL
            (SELECT 'rollup', * FROM rolled EXCEPT SELECT 'rollup', * FROM raw)
            """;

    static final String PROGRESS = """
            WITH raw AS (
                SELECT classroom_id, lesson_id, completion_status, count(*) AS student_count
                FROM student_progress WHERE classroom_id = ANY(?::uuid[])
                GROUP BY 1, 2, 3
            ), rolled AS (
                SELECT classroom_id, lesson_id, completion_status, student_count
                FROM progress_rollup WHERE classroom_id = ANY(?::uuid[]) AND student_count > 0
            )
            (SELECT 'raw' AS side, * FROM raw EXCEPT SELECT 'raw', * FROM rolled)
            UNION ALL
            (SELECT 'rollup', * FROM rolled EXCEPT SELECT 'rollup', * FROM raw)
            """;

    /** Students with a completed lesson as a join, not a correlated EXISTS, which Citus refuses (ADR 0028). */
    static final String CLASSROOMS = """
            WITH raw AS (
                SELECT s.classroom_id, count(*) AS student_count, count(done.student_id) AS active_students
                FROM students s
                LEFT JOIN (SELECT DISTINCT student_id FROM student_progress WHERE completion_status = 'completed') done
                    ON done.student_id = s.id
                WHERE s.is_active AND s.classroom_id = ANY(?::uuid[])
                GROUP BY 1
            ), rolled AS (
                SELECT classroom_id, student_count, active_students
                FROM classroom_rollup WHERE classroom_id = ANY(?::uuid[]) AND (student_count > 0 OR active_students > 0)
            )
            (SELECT 'raw' AS side, * FROM raw EXCEPT SELECT 'raw', * FROM rolled)
            UNION ALL
            (SELECT 'rollup', * FROM rolled EXCEPT SELECT 'rollup', * FROM raw)
            """;

    /** Valid where no student's progress moved between classrooms (the kept row then holds the newest). */
    static final String WATERMARKS = """
            WITH raw AS (
                SELECT classroom_id, max(t) AS data_as_of
                FROM (SELECT classroom_id, "timestamp" AS t FROM analytics_events
                      UNION ALL SELECT classroom_id, updated_at FROM student_progress
                      UNION ALL SELECT classroom_id, created_at FROM student_feedback) e
                WHERE classroom_id = ANY(?::uuid[])
                GROUP BY 1
            ), rolled AS (
                SELECT classroom_id, data_as_of FROM classroom_watermarks WHERE classroom_id = ANY(?::uuid[])
            )
            (SELECT 'raw' AS side, * FROM raw EXCEPT SELECT 'raw', * FROM rolled)
            UNION ALL
            (SELECT 'rollup', * FROM rolled EXCEPT SELECT 'rollup', * FROM raw)
            """;

    private RollupChecks() {}

    /** Asserts that every rollup equals its raw computation for {@code classroomIds}. */
    public static void assertRollupsMatchRawRows(JdbcTemplate db, Collection<String> classroomIds) {
        assertNoDifferences(db, classroomIds, true);
    }

    /**
     * Asserts that the four rollups (not the watermarks, which record consumption and are not derived
     * from raw rows) equal their raw computation for {@code classroomIds}.
     */
    public static void assertEveryRollupMatchesRawRows(JdbcTemplate db, Collection<String> classroomIds) {
        assertNoDifferences(db, classroomIds, false);
    }

    /**
     * Per rollup table, the rows of the symmetric difference for {@code classroomIds}: a wrong row
     * counts twice (its raw and its rollup side), a missing or an extra one once.
     */
    public static Map<String, Integer> differingRows(JdbcTemplate db, Collection<String> classroomIds) {
        String[] ids = classroomIds.toArray(String[]::new);
        Map<String, Integer> differing = new TreeMap<>();
        rollups(false)
                .forEach((rollup, sql) ->
                        differing.put(rollup, db.queryForList(sql, ids, ids).size()));
        return differing;
    }

    /**
     * Raw rows of the analytics and feedback events of {@code term} inserted once each (an event sent
     * twice never counts twice, none is missing), the events of students never rostered held once each
     * and stored nowhere (ADR 0021), and every rollup and watermark equal to its raw computation.
     */
    public static void assertRawRowsAndRollupsExact(JdbcTemplate db, GeneratedTerm term) {
        assertRollupsMatchRawRows(db, term.classrooms());
        Object classrooms = term.classrooms().toArray(String[]::new);
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM analytics_events WHERE classroom_id = ANY(?::uuid[])",
                        Long.class,
                        classrooms))
                .as("analytics_events rows")
                .isEqualTo(distinctStored(term, AnalyticsEvent.class));
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM student_feedback WHERE classroom_id = ANY(?::uuid[])",
                        Long.class,
                        classrooms))
                .as("student_feedback rows")
                .isEqualTo(distinctStored(term, FeedbackEvent.class));
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM pending_student_events WHERE classroom_id = ANY(?::uuid[])",
                        Long.class,
                        classrooms))
                .as("events held for a roster record that never comes")
                .isEqualTo(term.records().stream().filter(term::held).distinct().count());
    }

    /** The distinct events of {@code type} in {@code term} that are stored: all but those held for the roster. */
    public static long distinctStored(GeneratedTerm term, Class<? extends SpecificRecord> type) {
        return term.records().stream()
                .filter(type::isInstance)
                .filter(r -> !term.held(r))
                .distinct()
                .count();
    }

    private static void assertNoDifferences(JdbcTemplate db, Collection<String> classroomIds, boolean watermarks) {
        String[] ids = classroomIds.toArray(String[]::new);
        rollups(watermarks).forEach((rollup, sql) -> {
            List<Map<String, Object>> differences = db.queryForList(sql, ids, ids);
            assertThat(differences)
                    .as("rows where %s differs from the raw rows", rollup)
                    .isEmpty();
        });
    }

    private static Map<String, String> rollups(boolean watermarks) {
        Map<String, String> checks = new TreeMap<>(Map.of(
                "analytics_hourly_rollup", ANALYTICS,
                "feedback_hourly_rollup", FEEDBACK,
                "progress_rollup", PROGRESS,
                "classroom_rollup", CLASSROOMS));
        if (watermarks) {
            checks.put("classroom_watermarks", WATERMARKS);
        }
        return checks;
    }
}
