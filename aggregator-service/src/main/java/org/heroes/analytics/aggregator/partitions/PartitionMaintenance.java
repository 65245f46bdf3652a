package org.heroes.analytics.aggregator.partitions;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Creates the monthly partitions of {@code analytics_events} ahead of time and reports the default partition's
 * rows, through the V7 functions (SECURITY DEFINER, owned by {@code heroes_owner}): the aggregator connects as
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

    static final String ENSURE = "SELECT partition_name, status FROM analytics_events_ensure_partitions(:monthsAhead)";
    static final String DEFAULT_ROWS = "SELECT analytics_events_default_rows()";

    private final JdbcClient jdbc;
    private final PartitionProperties properties;
    private final PartitionMetrics metrics;

    PartitionMaintenance(JdbcClient jdbc, PartitionProperties properties, PartitionMetrics metrics) {
        this.jdbc = jdbc;
        this.properties = properties;
        this.metrics = metrics;
    }

    /**
     * Creates the missing partitions from the current month to {@code aggregator.partitions.months-ahead} after.
     *
     * @throws org.springframework.dao.DataAccessException if the database refused (a lock not granted in time,
     *     among others); partitions created before it stay
     */
    public PartitionReport ensure() {
        List<String> created = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        try {
            jdbc.sql(ENSURE).param("monthsAhead", properties.monthsAhead()).query(rs -> {
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
