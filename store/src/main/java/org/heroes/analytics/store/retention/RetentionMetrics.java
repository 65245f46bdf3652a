package org.heroes.analytics.store.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * The job's meters: rows removed per table, monthly partitions dropped, runs by outcome, and the last successful run and horizon (epoch
 * seconds; 0 before the first run of this instance). Counts only.
 */
@Component
class RetentionMetrics {

    private final Counter analytics;
    private final Counter feedback;
    private final Counter progress;
    private final Counter pending;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter partitionsDropped;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicLong horizon = new AtomicLong();

    RetentionMetrics(MeterRegistry registry) {
        this.analytics = removed(registry, "analytics_events");
        this.feedback = removed(registry, "student_feedback");
        this.progress = removed(registry, "student_progress");
        this.pending = removed(registry, "pending_student_events");
        this.succeeded = runs(registry, "succeeded");
        this.failed = runs(registry, "failed");
        this.partitionsDropped = Counter.builder("aggregator.retention.partitions.dropped")
                .description("monthly partitions of analytics_events dropped whole by the retention job")
                .register(registry);
        Gauge.builder("aggregator.retention.last.success", lastSuccess, AtomicLong::get)
                .description("end of the last successful retention run (epoch seconds)")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("aggregator.retention.horizon", horizon, AtomicLong::get)
                .description("the retention horizon after the last run (epoch seconds): raw rows before it are gone")
                .baseUnit("seconds")
                .register(registry);
    }

    private static Counter removed(MeterRegistry registry, String table) {
        return Counter.builder("aggregator.retention.rows.removed")
                .description("raw rows deleted by the retention job")
                .tag("table", table)
                .register(registry);
    }

    private static Counter runs(MeterRegistry registry, String outcome) {
        return Counter.builder("aggregator.retention.runs")
                .description("retention runs")
                .tag("outcome", outcome)
                .register(registry);
    }

    void removed(RetentionTable table, long rows) {
        switch (table) {
            case ANALYTICS_EVENTS -> analytics.increment(rows);
            case STUDENT_FEEDBACK -> feedback.increment(rows);
            case STUDENT_PROGRESS -> progress.increment(rows);
            case PENDING_STUDENT_EVENTS -> pending.increment(rows);
        }
    }

    void partitionsDropped(int partitions) {
        partitionsDropped.increment(partitions);
    }

    void succeeded(RetentionReport report) {
        succeeded.increment();
        lastSuccess.set(System.currentTimeMillis() / 1000);
        horizon.set(report.horizon().getEpochSecond());
    }

    void failed() {
        failed.increment();
    }
}
