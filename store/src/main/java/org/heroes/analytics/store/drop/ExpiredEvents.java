package org.heroes.analytics.store.drop;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.EventKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps events older than the retention age out of the database, on every path that writes them (the live
 * listener, a replay, a dead-letter redrive: all go through the aggregator's {@code BatchProcessor}). Without
 * it a replay of a topic range, or a backfill of an old file, would insert again events the retention job
 * had deleted, and the hourly rollups — which kept them — would count them twice.
 *
 * <p>The cut-off is the later of {@code now - age} and the stored {@code RetentionHorizon} (which covers an
 * age raised after rows were already deleted), read in the batch's write transaction under a lock a retention run
 * waits for: a batch that passed the filter commits before the run deletes anything. Expired events are valid, so they are skipped — not
 * dead-lettered — and counted in {@code aggregator.retention.expired.skipped} per kind. Roster records carry
 * state, not a moment, and always pass.
 */
public class ExpiredEvents {

    private static final Logger log = LoggerFactory.getLogger(ExpiredEvents.class);

    private final Duration age;
    private final Supplier<Optional<Instant>> storedHorizon;
    private final Clock clock;
    /** The skipped events' counter of each kind of the event family. */
    private final Map<EventKind, Counter> skipped = new EnumMap<>(EventKind.class);

    /**
     * @param age {@code aggregator.retention.age}
     * @param storedHorizon read once per batch, in its write's transaction and locked against a run moving it
     *     ({@code RetentionHorizon#lockedForWrite})
     */
    public ExpiredEvents(Duration age, Supplier<Optional<Instant>> storedHorizon, Clock clock, MeterRegistry registry) {
        this.age = age;
        this.storedHorizon = storedHorizon;
        this.clock = clock;
        EventKind.inFamily(EventKind.Family.EVENT).forEach(kind -> skipped.put(kind, skipped(registry, kind)));
    }

    private static Counter skipped(MeterRegistry registry, EventKind kind) {
        return Counter.builder("aggregator.retention.expired.skipped")
                .description("events older than the retention age, skipped by the writers (never inserted)")
                .tag("kind", kind.kindName())
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
     * @param record the Avro record an item carries; {@code null} for a roster tombstone, which always passes
     */
    public <T> List<T> dropExpired(List<T> items, Function<T, SpecificRecord> record) {
        if (items.isEmpty()) {
            return items;
        }
        Instant cutoff = cutoff();
        List<T> kept = new ArrayList<>(items.size());
        int dropped = 0;
        for (T item : items) {
            SpecificRecord value = record.apply(item);
            if (value != null && expired(value, cutoff)) {
                skipped.get(EventKind.of(value)).increment();
                dropped++;
            } else {
                kept.add(item);
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

    /** Whether the record is an event older than the cut-off: roster records never expire. */
    static boolean expired(SpecificRecord record, Instant cutoff) {
        EventKind kind = EventKind.of(record);
        return switch (kind.family()) {
            case EVENT -> kind.occurredAt(record).isBefore(cutoff);
            case ROSTER -> false;
        };
    }
}
