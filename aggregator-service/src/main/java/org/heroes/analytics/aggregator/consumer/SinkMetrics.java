package org.heroes.analytics.aggregator.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.heroes.analytics.store.sink.WriteResult;
import org.springframework.stereotype.Component;

/**
 * The aggregator's own meters (actuator {@code /actuator/metrics}): records and batches committed
 * (rates come from the counters), batch size, time from a batch's arrival to its commit, duplicates
 * skipped, dead letters, batches dropped as stale, and the newest committed {@code occurredAt}. Consumer lag per partition is the Kafka
 * client's own {@code kafka.consumer.fetch.manager.records.lag}, which Spring Kafka binds.
 */
@Component
class SinkMetrics {

    private final Counter records;
    private final Counter batches;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;
    private final Counter duplicates;
    private final Counter deadLetters;
    private final Counter staleBatches;
    private final AtomicLong newestOccurredAt = new AtomicLong();

    SinkMetrics(MeterRegistry registry) {
        this.records = Counter.builder("aggregator.records")
                .description("records consumed and committed (written, dead-lettered or duplicate)")
                .register(registry);
        this.batches = Counter.builder("aggregator.batches")
                .description("batches committed")
                .register(registry);
        this.batchSize = DistributionSummary.builder("aggregator.batch.size")
                .description("records per batch")
                .register(registry);
        this.commitLatency = Timer.builder("aggregator.batch.commit")
                .description("from a batch's hand-over to its database commit, dead letters included")
                .publishPercentiles(0.5, 0.99)
                .register(registry);
        this.duplicates = Counter.builder("aggregator.duplicates.skipped")
                .description("events already stored (client retries, redeliveries): counted nowhere")
                .register(registry);
        this.deadLetters = Counter.builder("aggregator.dead.letters")
                .description("records sent to a dead-letter topic")
                .register(registry);
        this.staleBatches = Counter.builder("aggregator.batches.stale")
                .description("batches dropped because the stored offsets were past them")
                .register(registry);
        Gauge.builder("aggregator.watermark", newestOccurredAt, AtomicLong::get)
                .description("newest occurredAt (epoch seconds) this instance has committed; per classroom:"
                        + " the classroom_watermarks table")
                .baseUnit("seconds")
                .register(registry);
    }

    void batchWritten(int size, WriteResult result, long nanos) {
        records.increment(size);
        batches.increment();
        batchSize.record(size);
        commitLatency.record(nanos, TimeUnit.NANOSECONDS);
        duplicates.increment(result.duplicatesSkipped());
        if (result.newestOccurredAt() != null) {
            newestOccurredAt.accumulateAndGet(result.newestOccurredAt().getEpochSecond(), Math::max);
        }
    }

    void deadLettered(int count) {
        deadLetters.increment(count);
    }

    void staleBatch() {
        staleBatches.increment();
    }
}
