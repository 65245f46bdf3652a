package org.heroes.analytics.store.sink;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.heroes.analytics.schemas.EventKind;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The roster check's meters (ADR 0021), counts only, never an id:
 *
 * <ul>
 *   <li>{@code aggregator.events.held{kind}}: events held because their student is on no roster yet;
 *   <li>{@code aggregator.events.released{outcome}}: held events a roster record released, {@code applied} (same
 *       classroom), {@code refused} (dead-lettered: another classroom) or {@code expired} (past the retention
 *       horizon, dropped);
 *   <li>{@code aggregator.events.refused{kind}}: events dead-lettered because their student is rostered in another
 *       classroom, on arrival or on release (an alert on it shows a client posting for other classrooms);
 *   <li>{@code aggregator.events.pending} and {@code aggregator.events.pending.age} (seconds since the oldest was
 *       held): the rows of {@code pending_student_events}, read by {@link #refresh()} every minute.
 * </ul>
 *
 * Counted in the batch's transaction, like {@code aggregator.records.forgotten}: a batch rolled back and retried
 * counts again, a dry run counts what it would do.
 */
@Component
public class RosterMetrics {

    static final String PENDING = """
            SELECT count(*) AS held, coalesce(extract(epoch FROM now() - min(held_at)), 0)::bigint AS oldest_seconds
            FROM pending_student_events
            """;

    /** The kinds of the event family: the kinds whose events name a student. */
    private static final String[] KINDS = EventKind.inFamily(EventKind.Family.EVENT).stream()
            .map(EventKind::kindName)
            .toArray(String[]::new);

    private final JdbcClient jdbc;
    private final Map<String, Counter> held;
    private final Map<String, Counter> refused;
    private final Map<String, Counter> released;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong pendingAge = new AtomicLong();

    RosterMetrics(JdbcClient jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.held = byTag(
                registry, "aggregator.events.held", "events held until the roster names their student", "kind", KINDS);
        this.refused = byTag(
                registry,
                "aggregator.events.refused",
                "events dead-lettered: their student is rostered in another classroom",
                "kind",
                KINDS);
        this.released = byTag(
                registry,
                "aggregator.events.released",
                "held events released by a roster record",
                "outcome",
                "applied",
                "refused",
                "expired");
        Gauge.builder("aggregator.events.pending", pending, AtomicLong::get)
                .description("events held for the roster (pending_student_events), read every minute")
                .register(registry);
        Gauge.builder("aggregator.events.pending.age", pendingAge, AtomicLong::get)
                .description("seconds since the oldest held event was held, read every minute")
                .baseUnit("seconds")
                .register(registry);
    }

    void held(String kind) {
        held.get(kind).increment();
    }

    void refused(String kind) {
        refused.get(kind).increment();
    }

    void released(String outcome, int count) {
        released.get(outcome).increment(count);
    }

    /** Reads the held events' count and age into the gauges (on its own schedule, never inside a batch). */
    public void refresh() {
        jdbc.sql(PENDING).query(rs -> {
            pending.set(rs.getLong("held"));
            pendingAge.set(rs.getLong("oldest_seconds"));
        });
    }

    private static Map<String, Counter> byTag(
            MeterRegistry registry, String name, String description, String tag, String... values) {
        Map<String, Counter> counters = new java.util.HashMap<>();
        for (String value : values) {
            counters.put(
                    value,
                    Counter.builder(name)
                            .description(description)
                            .tag(tag, value)
                            .register(registry));
        }
        return Map.copyOf(counters);
    }
}
