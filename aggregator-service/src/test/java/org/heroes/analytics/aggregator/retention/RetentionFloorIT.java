package org.heroes.analytics.aggregator.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.heroes.analytics.aggregator.AggregatorStartup;
import org.heroes.analytics.store.retention.RetentionProperties;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The aggregator given {@code HEROES_RETENTION_AGE} below 30 days does not start, so its retention job never
 * runs with it; with {@code HEROES_RETENTION_ALLOW_SHORT=true} it starts with that age.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class RetentionFloorIT {

    @BeforeAll
    static void migrated() {
        HeroesInfrastructure.get().migrate();
    }

    @Test
    void theAggregatorRefusesToStartWithAnAgeBelowTheFloor() {
        assertThatThrownBy(() -> AggregatorStartup.start(Map.of("HEROES_RETENTION_AGE", "P3D"))
                        .close())
                .rootCause()
                .hasMessageContaining("HEROES_RETENTION_AGE")
                .hasMessageContaining("HEROES_RETENTION_ALLOW_SHORT=true");
    }

    @Test
    void theAggregatorStartsWithAShortAgeWhenExplicitlyAllowed() {
        try (ConfigurableApplicationContext context = AggregatorStartup.start(
                Map.of("HEROES_RETENTION_AGE", "P3D", "HEROES_RETENTION_ALLOW_SHORT", "true"))) {
            assertThat(context.getBean(RetentionProperties.class).age()).isEqualTo(Duration.ofDays(3));
        }
    }
}
