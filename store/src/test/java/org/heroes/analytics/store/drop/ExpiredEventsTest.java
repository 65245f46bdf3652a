package org.heroes.analytics.store.drop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.classroom;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.testsupport.TestRecords;
import org.junit.jupiter.api.Test;

class ExpiredEventsTest {

    @Test
    void everyEventKindExpiresByItsEventTimeAndNoRosterKindExpires() {
        for (EventKind kind : EventKind.values()) {
            SpecificRecord old = TestRecords.of(kind, id(), id(), BY_AGE.minus(Duration.ofDays(900)));

            List<SpecificRecord> kept = expired(Optional.empty()).dropExpired(List.of(old), Function.identity());

            switch (kind.family()) {
                case EVENT -> {
                    assertThat(kept).as(kind + " older than the age").isEmpty();
                    assertThat(skipped(kind.kindName())).as(kind.name()).isEqualTo(1);
                }
                case ROSTER -> {
                    assertThat(kept).as(kind + " is state, never expired").containsExactly(old);
                }
            }
        }
    }

    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant BY_AGE = NOW.minus(Duration.ofDays(400));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private ExpiredEvents expired(Optional<Instant> horizon) {
        return new ExpiredEvents(Duration.ofDays(400), () -> horizon, Clock.fixed(NOW, ZoneOffset.UTC), registry);
    }

    @Test
    void eventsBeforeTheAgeAreDroppedAndCountedRosterAndLaterEventsKept() {
        AnalyticsEvent old = at(BY_AGE.minusMillis(1));
        AnalyticsEvent onTheDot = at(BY_AGE);
        SpecificRecord oldProgress = progress(id(), id(), 1, BY_AGE.minus(Duration.ofDays(9)));
        SpecificRecord roster = classroom(id(), id(), BY_AGE.minus(Duration.ofDays(900)));

        List<SpecificRecord> kept =
                expired(Optional.empty()).dropExpired(List.of(old, onTheDot, oldProgress, roster), Function.identity());

        assertThat(kept).containsExactly(onTheDot, roster);
        assertThat(skipped("analytics")).isEqualTo(1);
        assertThat(skipped("progress")).isEqualTo(1);
    }

    @Test
    void aStoredHorizonLaterThanTheAgeWins() {
        Instant horizon = BY_AGE.plus(Duration.ofDays(30)); // the age was raised after rows were deleted
        AnalyticsEvent deletedSince = at(horizon.minusMillis(1));

        ExpiredEvents filter = expired(Optional.of(horizon));

        assertThat(filter.cutoff()).isEqualTo(horizon);
        assertThat(filter.dropExpired(List.<SpecificRecord>of(deletedSince), Function.identity()))
                .isEmpty();
    }

    @Test
    void anEarlierStoredHorizonDoesNotLoosenTheAge() {
        assertThat(expired(Optional.of(BY_AGE.minus(Duration.ofDays(5)))).cutoff())
                .isEqualTo(BY_AGE);
    }

    private static AnalyticsEvent at(Instant occurredAt) {
        AnalyticsEvent event = analytics(id());
        event.setOccurredAt(occurredAt);
        return event;
    }

    private double skipped(String kind) {
        return registry.get("aggregator.retention.expired.skipped")
                .tag("kind", kind)
                .counter()
                .count();
    }
}
