package org.heroes.analytics.store.partitions;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The job's meters: partitions created, runs by outcome, and the rows the default partition held at the last run
 * (a gauge an alert can watch: anything above 0 means events no month partition covered).
 */
@Component
class PartitionMetrics {

    private final Counter created;
    private final Counter succeeded;
    private final Counter failed;
    private final AtomicLong defaultRows = new AtomicLong();

    PartitionMetrics(MeterRegistry registry) {
        this.created = Counter.builder("aggregator.partitions.created")
                .description("monthly partitions of analytics_events created ahead of time")
                .register(registry);
        this.succeeded = runs(registry, "succeeded");
        this.failed = runs(registry, "failed");
        Gauge.builder("aggregator.partitions.default.rows", defaultRows, AtomicLong::get)
                .description("rows in analytics_events_default at the last run: events no month partition covered")
                .register(registry);
    }

    private static Counter runs(MeterRegistry registry, String outcome) {
        return Counter.builder("aggregator.partitions.runs")
                .description("partition job runs")
                .tag("outcome", outcome)
                .register(registry);
    }

    void succeeded(PartitionReport report) {
        created.increment(report.created().size());
        defaultRows.set(report.defaultRows());
        succeeded.increment();
    }

    void failed() {
        failed.increment();
    }
}
