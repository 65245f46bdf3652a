package org.heroes.analytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingDoublesFromInitialUpToMax() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), bound -> bound);

        assertThat(List.of(1, 2, 3, 4, 5, 50).stream().map(backoff::ceiling))
                .containsExactly(
                        Duration.ofMillis(100),
                        Duration.ofMillis(200),
                        Duration.ofMillis(400),
                        Duration.ofMillis(800),
                        Duration.ofMillis(1000),
                        Duration.ofMillis(1000));
    }

    @Test
    void fullJitterSpreadsWaitsOverTheWholeIntervalFromZeroToTheCeiling() {
        SplittableRandom random = new SplittableRandom(18);
        Backoff backoff =
                new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), bound -> random.nextLong(bound + 1));

        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            waits.add(backoff.delay(4).toMillis());
        }

        assertThat(waits).allSatisfy(wait -> assertThat(wait).isBetween(0L, 800L));
        assertThat(waits)
                .as("some waits in the lowest tenth")
                .anySatisfy(wait -> assertThat(wait).isLessThan(80L));
        assertThat(waits)
                .as("some waits in the highest tenth")
                .anySatisfy(wait -> assertThat(wait).isGreaterThan(720L));
        assertThat(waits.stream().mapToLong(Long::longValue).average().orElseThrow())
                .as("the mean of a uniform wait is half the ceiling")
                .isBetween(360.0, 440.0);
    }
}
