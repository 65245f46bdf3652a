package org.heroes.analytics.query.classrooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The analytics statement, as heroes_reader under its row-level security policy, can be answered by a range scan
 * of idx_analytics_events_classroom_timestamp: the policy does not keep the planner from the index (the uuid and
 * timestamptz comparisons are leakproof). The table holds 100 classrooms of events and is analysed first, so the
 * planner chooses from real estimates rather than from an empty table's, where any plan costs the same.
 */
class EventGroupsPlanIT {

    /** 40 000 events: a week of one classroom's (the one asked about) among 99 others'. */
    private static final String EVENTS_OF_A_HUNDRED_CLASSROOMS = """
            INSERT INTO analytics_events (event_id, classroom_id, event_type, event_category, event_value, "timestamp")
            SELECT gen_random_uuid(),
                   CASE WHEN n % 100 = 0 THEN ?::uuid ELSE md5((n % 100)::text)::uuid END,
                   'quiz_answered', 'assessment', n % 7, TIMESTAMPTZ '2026-10-01T00:00:00Z' + n * INTERVAL '3 minutes'
            FROM generate_series(1, 40000) n
            """;

    /** The same hundred classrooms' rollup rows: an hour each, 1 000 hours from the same start, past the range asked. */
    private static final String ROLLUP_OF_A_HUNDRED_CLASSROOMS = """
            INSERT INTO analytics_hourly_rollup (classroom_id, bucket_hour, event_type, event_category,
                                                 event_count, value_sum, value_count)
            SELECT CASE WHEN n % 100 = 0 THEN ?::uuid ELSE md5((n % 100)::text)::uuid END,
                   TIMESTAMPTZ '2026-10-01T00:00:00Z' + (n / 100) * INTERVAL '1 hour',
                   'quiz_answered', 'assessment', 1, n % 7, 1
            FROM generate_series(0, 99999) n
            ON CONFLICT DO NOTHING
            """;

    @Test
    void analyticsRangeUsesTheClassroomTimestampIndexUnderRowLevelSecurity() {
        String plan = plan(null, EventReads.EVENT_GROUPS, "ANALYZE analytics_events");

        assertThat(plan).contains("idx_analytics_events_classroom_timestamp").contains("analytics_hourly_rollup_pkey");
    }

    /**
     * Migration V8: {@code student_id} is in the index's INCLUDE list, so the distinct students of small-cell
     * suppression can be counted from the index alone (without V8 every row of the range was a heap fetch). Bitmap
     * scans are off for the plan: with this little data the planner may pick one, which never reads the index alone;
     * between an index scan and an index-only scan it takes the latter whenever the index covers the statement.
     */
    @Test
    void smallCellStudentCountIsAnIndexOnlyScan() {
        String plan =
                plan("SET LOCAL enable_bitmapscan = off", EventReads.EVENT_GROUPS, "VACUUM ANALYZE analytics_events");

        // the scan of the student count (its filter names student_id), not the edges' (which V2's index covered
        // already)
        assertThat(plan)
                .containsPattern("Index Only Scan using idx_analytics_events_classroom_timestamp_p\\d{6}[^\\n]*\\n"
                        + "[^\\n]*Index Cond:[^\\n]*\\n"
                        + "[^\\n]*Filter: \\(\\(event_value IS NOT NULL\\) AND \\(student_id IS NOT NULL\\)");
    }

    /**
     * Migration V9: the rollup's key carries the sums, so the whole hours of the range are read from the index alone
     * (without V9, a heap fetch per rollup row, scattered over the heap). Bitmap scans off as above.
     */
    @Test
    void wholeHoursAreAnIndexOnlyScanOfTheRollupKey() {
        String plan = plan(
                "SET LOCAL enable_bitmapscan = off",
                EventReads.EVENT_GROUPS,
                "VACUUM ANALYZE analytics_events, analytics_hourly_rollup");

        assertThat(plan).contains("Index Only Scan using analytics_hourly_rollup_pkey");
    }

    /** The plan of {@code statement} as the reader, after {@code setting} (if any) in the same transaction. */
    private static String plan(String setting, String statement, String maintenance) {
        HeroesInfrastructure infra = HeroesInfrastructure.get();
        infra.migrate();
        UUID classroom = UUID.randomUUID();
        JdbcTemplate superuser = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
        superuser.update(EVENTS_OF_A_HUNDRED_CLASSROOMS, classroom);
        superuser.update(ROLLUP_OF_A_HUNDRED_CLASSROOMS, classroom);
        superuser.execute(maintenance);
        DataSource reader = infra.dataSource(DbRole.READER);
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(reader);

        List<String> plan = new TransactionTemplate(new JdbcTransactionManager(reader)).execute(status -> {
            jdbc.queryForList(
                    "SELECT act_for_facilitator(CAST(:facilitator AS uuid))",
                    Map.of("facilitator", UUID.randomUUID().toString()));
            if (setting != null) {
                jdbc.getJdbcOperations().execute(setting);
            }
            return jdbc.queryForList(
                    "EXPLAIN " + statement,
                    Map.of(
                            "classroomId", classroom,
                            "from", OffsetDateTime.parse("2026-11-01T00:30:00Z"),
                            "headTo", OffsetDateTime.parse("2026-11-01T01:00:00Z"),
                            "wholeFrom", OffsetDateTime.parse("2026-11-01T01:00:00Z"),
                            "wholeTo", OffsetDateTime.parse("2026-11-08T00:00:00Z"),
                            "tailFrom", OffsetDateTime.parse("2026-11-08T00:00:00Z"),
                            "to", OffsetDateTime.parse("2026-11-08T00:10:00Z"),
                            "eventType", ""),
                    String.class);
        });
        return String.join("\n", plan);
    }
}
