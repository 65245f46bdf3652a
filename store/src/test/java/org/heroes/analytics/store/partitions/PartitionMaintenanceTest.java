package org.heroes.analytics.store.partitions;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PartitionMaintenanceTest {

    private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");

    @Test
    void theMonthsBackReachTheMonthOfTheRetentionHorizon() {
        // 400 days before 2026-12-07 is 2025-11-02: November 2025, 13 months back
        assertThat(PartitionMaintenance.monthsBack(NOW, Duration.ofDays(400))).isEqualTo(13);
        assertThat(PartitionMaintenance.monthsBack(NOW, Duration.ofDays(6))).isZero();
        assertThat(PartitionMaintenance.monthsBack(NOW, Duration.ofDays(7))).isEqualTo(1);
    }

    @Test
    void theMonthsBackStopAtTheFunctionsBoundOfTenYears() {
        assertThat(PartitionMaintenance.monthsBack(NOW, Duration.ofDays(20 * 366)))
                .isEqualTo(PartitionMaintenance.MAX_MONTHS_BACK);
    }
}
