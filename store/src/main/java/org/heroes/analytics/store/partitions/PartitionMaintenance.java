package org.heroes.analytics.store.partitions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.heroes.analytics.store.retention.RetentionProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Creates the monthly partitions of {@code analytics_events} ahead of time, and those of the past months back to the
 * retention horizon's (late events, docs/adr/0024: the ingest API takes any event newer than the retention age),
 * and reports the default partition's rows, through the V7 and V12 functions (SECURITY DEFINER, owned by
 * {@code heroes_owner}): the aggregator connects as
 * {@code heroes_writer}, which may not create tables. Each function takes a short {@code lock_timeout}, so on a
 * busy table a run fails fast (the caller logs and counts it) and the next one tries again.
 *
 * <p>Rows in the default partition are events no month partition covered (a far-past or far-future timestamp,
 * or a month whose partition was not created in time). They are kept and counted, and a month whose rows the
 * default holds is not created (PostgreSQL would refuse it): each run logs a warning until an operator moves
 * them (docs/operations.md, "Partitions").
 */
@Component
public class PartitionMaintenance {

    private static final Logger log = LoggerFactory.getLogger(PartitionMaintenance.class);

    static final String ENSURE =
            "SELECT partition_name, status FROM analytics_events_ensure_partitions(:monthsBack, :monthsAhead)";

    /** The V12 function's bound: no retention age reaches further back (ten years). */
    static final int MAX_MONTHS_BACK = 120;

    static final String DEFAULT_ROWS = "SELECT analytics_events_default_rows()";

    private final JdbcClient jdbc;
    private final PartitionProperties properties;
    private final PartitionMetrics metrics;
    private final Duration retentionAge;
    private final Clock clock;

    PartitionMaintenance(
            JdbcClient jdbc, PartitionProperties properties, PartitionMetrics metrics, RetentionProperties retention) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.metrics = metrics;
        this.retentionAge = retention.age();
        this.clock = Clock.systemUTC();
    }

    /** From the month of the retention horizon ({@code now - age}) to the current one, in months, at most 120. */
    static int monthsBack(Instant now, Duration retentionAge) {
        YearMonth current = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        YearMonth horizon = YearMonth.from(now.minus(retentionAge).atOffset(ZoneOffset.UTC));
        return (int) Math.min(MAX_MONTHS_BACK, ChronoUnit.MONTHS.between(horizon, current));
    }

    /**
     * Creates the missing partitions from the retention horizon's month to {@code aggregator.partitions.months-ahead}
     * after the current one.
     *
     * @throws org.springframework.dao.DataAccessException if the database refused (a lock not granted in time,
     *     among others); partitions created before it stay
     */
    public PartitionReport ensure() {
        List<String> created = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        try {
            jdbc.sql(ENSURE)
                    .param("monthsBack", monthsBack(clock.instant(), retentionAge))
                    .param("monthsAhead", properties.monthsAhead())
                    .query(rs -> {
                        String status = rs.getString("status");
                        switch (status) {
                            case "created" -> created.add(rs.getString("partition_name"));
                            case "default_holds_rows" -> blocked.add(rs.getString("partition_name"));
                            case "exists" -> {}
                            default -> throw new IllegalStateException("unknown partition status " + status);
                        }
                    });
            long defaultRows = jdbc.sql(DEFAULT_ROWS).query(Long.class).single();
            var report = new PartitionReport(List.copyOf(created), List.copyOf(blocked), defaultRows);
            metrics.succeeded(report);
            if (!created.isEmpty()) {
                log.info("partitions of analytics_events created: {}", created);
            }
            if (defaultRows > 0) {
                log.warn(
                        "analytics_events_default holds {} rows: events no month partition covers{}"
                                + " (docs/operations.md, \"Partitions\")",
                        defaultRows,
                        blocked.isEmpty() ? "" : "; cannot create " + blocked + " until they are moved");
            }
            return report;
        } catch (RuntimeException e) {
            metrics.failed();
            throw e;
        }
    }
}
