package org.heroes.analytics.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProducerSettingsTest {

    @Test
    void everyProducerIsDurableAndGivesUpWithinItsDeadline() {
        var configs = new ProducerSettings(
                        Duration.ofSeconds(10), Duration.ofSeconds(1), "lz4", Duration.ofMillis(10), 256 * 1024)
                .configs();

        assertThat(configs)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("compression.type", "lz4")
                .containsEntry("linger.ms", 10)
                .containsEntry("batch.size", 262_144)
                .containsEntry("delivery.timeout.ms", 10_000)
                .containsEntry("request.timeout.ms", 4_995)
                .containsEntry("max.block.ms", 1_000L);
    }

    @Test
    void aLongDeadlineStillBoundsEachRequest() {
        var configs = new ProducerSettings(
                        Duration.ofMinutes(10), Duration.ofMinutes(10), "none", Duration.ofMillis(5), 65_536)
                .configs();

        assertThat(configs).containsEntry("request.timeout.ms", 30_000).containsEntry("delivery.timeout.ms", 600_000);
    }

    @Test
    void aDeadlineNoLongerThanTwoLingersIsRefused() {
        assertThatThrownBy(() -> new ProducerSettings(
                        Duration.ofMillis(10), Duration.ofMillis(1), "lz4", Duration.ofMillis(5), 65_536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("more than twice its linger");
    }
}
