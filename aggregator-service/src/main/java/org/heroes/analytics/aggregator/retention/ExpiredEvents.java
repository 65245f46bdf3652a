package org.heroes.analytics.aggregator.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps events older than the retention age out of the database, on every path that writes them (the live
 * listener, a replay, a dead-letter redrive: all go through the aggregator's {@code BatchProcessor}). Without
 * it a replay of a topic range, or a backfill of an old file, would insert again events the retention job
 * had deleted, and the hourly rollups — which kept them — would count them twice.
 *
 * <p>The cut-off is the later of {@code now - age} and the stored {@link RetentionHorizon} (which covers an
 * age raised after rows were already deleted). Expired events are valid, so they are skipped — not
 * dead-lettered — and counted in {@code aggregator.retention.expired.skipped} per kind. Roster records carry
 * state, not a moment, and always pass.
 */
public class ExpiredEvents {

    private static final Logger log = LoggerFactory.getLogger(ExpiredEvents.class);

    private final Duration age;
    private final Supplier<Optional<Instant>> storedHorizon;
    private final Clock clock;
    private final Counter analytics;
    private final Counter progress;
    private final Counter feedback;

    /**
     * @param age {@code aggregator.retention.age}
     * @param storedHorizon read once per batch ({@link RetentionHorizon#stored()})
     */
    public ExpiredEvents(Duration age, Supplier<Optional<Instant>> storedHorizon, Clock clock, MeterRegistry registry) {
        this.age = age;
        this.storedHorizon = storedHorizon;
        this.clock = clock;
        this.analytics = skipped(registry, "analytics");
        this.progress = skipped(registry, "progress");
        this.feedback = skipped(registry, "feedback");
    }

    private static Counter skipped(MeterRegistry registry, String kind) {
        return Counter.builder("aggregator.retention.expired.skipped")
                .description("events older than the retention age, skipped by the writers (never inserted)")
                .tag("kind", kind)
                .register(registry);
    }

    /** The instant before which an event is expired, for a batch handled now. */
    public Instant cutoff() {
        Instant byAge = clock.instant().minus(age);
        return storedHorizon.get().filter(byAge::isBefore).orElse(byAge);
    }

    /**
     * {@code items} less those whose record is an event older than {@link #cutoff()}, in their order.
     *
     * @param record the Avro record an item carries
     */
    public <T> List<T> dropExpired(List<T> items, Function<T, SpecificRecord> record) {
        if (items.isEmpty()) {
            return items;
        }
        Instant cutoff = cutoff();
        List<T> kept = new ArrayList<>(items.size());
        int dropped = 0;
        for (T item : items) {
            Counter expired = expiredCounter(record.apply(item), cutoff);
            if (expired == null) {
                kept.add(item);
            } else {
                expired.increment();
                dropped++;
            }
        }
        if (dropped > 0) {
            log.info(
                    "{} of {} records are events older than the retention cut-off {}: skipped",
                    dropped,
                    items.size(),
                    cutoff);
        }
        return dropped == 0 ? items : kept;
    }

    private Counter expiredCounter(SpecificRecord record, Instant cutoff) {
        if (record instanceof AnalyticsEvent e) {
            return e.getOccurredAt().isBefore(cutoff) ? analytics : null;
        }
        if (record instanceof ProgressEvent e) {
            return e.getOccurredAt().isBefore(cutoff) ? progress : null;
        }
        if (record instanceof FeedbackEvent e) {
            return e.getOccurredAt().isBefore(cutoff) ? feedback : null;
        }
        return null;
    }
}
