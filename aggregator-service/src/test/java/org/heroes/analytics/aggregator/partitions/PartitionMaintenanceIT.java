package org.heroes.analytics.aggregator.partitions;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.heroes.analytics.aggregator.AggregatorIntegrationTest;
import org.heroes.analytics.store.partitions.PartitionMaintenance;
import org.heroes.analytics.store.partitions.PartitionReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The partition job in the running aggregator (as {@code heroes_writer} through PgBouncer): it ran at start-up,
 * creates a missing month of the coming ones and of the past ones within the retention age (late events land in
 * their own month, docs/adr/0024), leaves existing ones alone, and reports the rows the default partition caught in
 * its gauge.
 */
class PartitionMaintenanceIT extends AggregatorIntegrationTest {

    private static final YearMonth CURRENT = YearMonth.now(ZoneOffset.UTC);
    private final String farFuture = UUID.randomUUID().toString();

    @Autowired
    PartitionMaintenance maintenance;

    @Autowired
    MeterRegistry registry;

    @AfterEach
    void removeTheFarFutureRow() {
        db.update("DELETE FROM analytics_events WHERE event_id = ?::uuid", farFuture);
    }

    @Test
    void theJobCreatesMissingMonthsAheadOnceAndReportsRowsTheDefaultCaught() {
        assertThat(registry.get("aggregator.partitions.runs")
                        .tag("outcome", "succeeded")
                        .counter()
                        .count())
                .as("the run at start-up")
                .isGreaterThanOrEqualTo(1);
        String lastMonth = name(CURRENT.plusMonths(3));
        db.execute("DROP TABLE IF EXISTS " + lastMonth);
        double createdBefore =
                registry.get("aggregator.partitions.created").counter().count();

        PartitionReport first = maintenance.ensure();
        PartitionReport second = maintenance.ensure();

        assertThat(first.created()).containsExactly(lastMonth);
        assertThat(second.created()).isEmpty();
        assertThat(registry.get("aggregator.partitions.created").counter().count() - createdBefore)
                .isEqualTo(1);
        assertThat(db.queryForObject("SELECT to_regclass(?)::text", String.class, "public." + lastMonth))
                .isEqualTo(lastMonth);

        long defaultBefore = second.defaultRows();
        db.update(
                """
                INSERT INTO analytics_events (event_id, classroom_id, event_type, event_category, "timestamp")
                VALUES (?::uuid, ?::uuid, 'lesson_started', 'lesson', ?)
                """,
                farFuture,
                UUID.randomUUID().toString(),
                Timestamp.from(CURRENT.plusYears(30).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC)));

        PartitionReport third = maintenance.ensure();

        assertThat(third.defaultRows()).isEqualTo(defaultBefore + 1);
        assertThat(registry.get("aggregator.partitions.default.rows").gauge().value())
                .isEqualTo(third.defaultRows());
    }

    @Test
    void theJobCreatesAMissingPastMonthWithinTheRetentionAgeSoALateEventLandsInItsOwnMonth() {
        YearMonth past = CURRENT.minusMonths(12);
        String pastMonth = name(past);
        assertThat(db.queryForObject("SELECT count(*) FROM " + pastMonth, Long.class))
                .as("no test stores events a year back (or dropping the month would lose them)")
                .isZero();
        db.execute("DROP TABLE " + pastMonth);

        PartitionReport report = maintenance.ensure();

        assertThat(report.created()).containsExactly(pastMonth);
        assertThat(report.blocked()).isEmpty();
        db.update(
                """
                INSERT INTO analytics_events (event_id, classroom_id, event_type, event_category, "timestamp")
                VALUES (?::uuid, ?::uuid, 'lesson_started', 'lesson', ?)
                """,
                farFuture,
                UUID.randomUUID().toString(),
                Timestamp.from(past.atDay(15).atStartOfDay().toInstant(ZoneOffset.UTC)));
        // read from the month's partition itself: on Citus a row's tableoid names its shard, not the partition
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM " + pastMonth + " WHERE event_id = ?::uuid", Long.class, farFuture))
                .as("the late event is in its month's partition")
                .isEqualTo(1L);
    }

    private static String name(YearMonth month) {
        return "analytics_events_p" + month.format(DateTimeFormatter.ofPattern("yyyyMM"));
    }
}
