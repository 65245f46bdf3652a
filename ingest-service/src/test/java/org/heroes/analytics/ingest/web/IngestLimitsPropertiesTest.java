package org.heroes.analytics.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code ingest.limits.*} bound as Spring binds it at start-up: events are taken up to the retention age, the
 * aggregator's, with the same floor of 30 days and the same override (docs/adr/0024).
 */
class IngestLimitsPropertiesTest {

    @Test
    void eventsAreTakenUpToFourHundredDaysByDefault() {
        assertThat(bind(Map.of("ingest.limits.max-events", "500")).retentionAge())
                .isEqualTo(Duration.ofDays(400));
    }

    @Test
    void anAgeBelowThirtyDaysIsRefusedUnlessAllowedAsInTheAggregator() {
        assertThatThrownBy(() -> bind(Map.of("ingest.limits.retention-age", "P7D")))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HEROES_RETENTION_AGE")
                .hasMessageContaining("HEROES_RETENTION_ALLOW_SHORT=true");
        assertThat(bind(Map.of("ingest.limits.retention-age", "P7D", "ingest.limits.retention-allow-short", "true"))
                        .retentionAge())
                .isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aNegativeAgeIsRefused() {
        assertThatThrownBy(() -> bind(
                        Map.of("ingest.limits.retention-age", "-P400D", "ingest.limits.retention-allow-short", "true")))
                .rootCause()
                .hasMessageContaining("must be positive");
    }

    private static IngestLimitsProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("ingest.limits", IngestLimitsProperties.class);
    }
}
