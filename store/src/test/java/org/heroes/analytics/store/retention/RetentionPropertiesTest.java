package org.heroes.analytics.store.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * {@code aggregator.retention.*} bound as Spring binds it at start-up: an age below the floor of 30 days is a
 * typo that would purge years of children's activity at the next run, so it is refused unless the operator says,
 * with {@code HEROES_RETENTION_ALLOW_SHORT=true}, that it is meant.
 */
class RetentionPropertiesTest {

    @Test
    void anAgeBelowThirtyDaysIsRefusedNamingTheAgeAndTheOverride() {
        assertThatThrownBy(() -> bind(Map.of("aggregator.retention.age", "P7D")))
                .rootCause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("HEROES_RETENTION_AGE")
                .hasMessageContaining("7 days")
                .hasMessageContaining("30 days")
                .hasMessageContaining("HEROES_RETENTION_ALLOW_SHORT=true");
    }

    @Test
    void aTypoOfHoursForDaysIsRefusedToo() {
        assertThatThrownBy(() -> bind(Map.of("aggregator.retention.age", "PT400H")))
                .rootCause()
                .hasMessageContaining("HEROES_RETENTION_AGE");
    }

    @Test
    void aShortAgeIsTakenWhenExplicitlyAllowed() {
        RetentionProperties properties =
                bind(Map.of("aggregator.retention.age", "P7D", "aggregator.retention.allow-short", "true"));

        assertThat(properties.age()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void thirtyDaysAndTheDefaultNeedNoOverride() {
        assertThat(bind(Map.of("aggregator.retention.age", "P30D")).age()).isEqualTo(Duration.ofDays(30));
        assertThat(bind(Map.of("aggregator.retention.cron", "0 17 3 * * *")).age())
                .isEqualTo(Duration.ofDays(400));
    }

    private static RetentionProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("aggregator.retention", RetentionProperties.class);
    }
}
