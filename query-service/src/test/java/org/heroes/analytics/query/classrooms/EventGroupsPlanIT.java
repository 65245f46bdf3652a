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
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The analytics statement, as heroes_reader under its row-level security policy, can be answered by a range scan
 * of idx_analytics_events_classroom_timestamp: the policy does not keep the planner from the index (the uuid and
 * timestamptz comparisons are leakproof). Sequential scans are switched off for the transaction because on a
 * near-empty test table the planner would rightly prefer one.
 */
class EventGroupsPlanIT {

    @Test
    void analyticsRangeUsesTheClassroomTimestampIndexUnderRowLevelSecurity() {
        HeroesInfrastructure infra = HeroesInfrastructure.get();
        infra.migrate();
        DataSource reader = infra.dataSource(DbRole.READER);
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(reader);

        List<String> plan = new TransactionTemplate(new JdbcTransactionManager(reader)).execute(status -> {
            jdbc.queryForList(
                    "SELECT set_config('app.facilitator_id', :facilitator, true), set_config('enable_seqscan', 'off', true)",
                    Map.of("facilitator", UUID.randomUUID().toString()));
            return jdbc.queryForList(
                    "EXPLAIN " + EventReads.EVENT_GROUPS,
                    Map.of(
                            "classroomId", UUID.randomUUID(),
                            "from", OffsetDateTime.parse("2026-11-01T00:30:00Z"),
                            "headTo", OffsetDateTime.parse("2026-11-01T01:00:00Z"),
                            "wholeFrom", OffsetDateTime.parse("2026-11-01T01:00:00Z"),
                            "wholeTo", OffsetDateTime.parse("2026-11-08T00:00:00Z"),
                            "tailFrom", OffsetDateTime.parse("2026-11-08T00:00:00Z"),
                            "to", OffsetDateTime.parse("2026-11-08T00:10:00Z"),
                            "eventType", ""),
                    String.class);
        });

        assertThat(String.join("\n", plan))
                .contains("idx_analytics_events_classroom_timestamp")
                .contains("analytics_hourly_rollup_pkey");
    }
}
