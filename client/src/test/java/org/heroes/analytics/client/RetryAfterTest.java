package org.heroes.analytics.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RetryAfterTest {

    final Clock clock = Clock.fixed(Instant.parse("2015-10-21T07:27:00Z"), ZoneOffset.UTC);

    @Test
    void secondsAreTakenAsTheyAreUpToTheCap() {
        assertThat(RetryAfter.parse("7", clock, Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(7));
        assertThat(RetryAfter.parse(" 120 ", clock, Duration.ofMinutes(1))).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void anHttpDateIsTheTimeUntilThenAndNeverNegative() {
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", clock, Duration.ofMinutes(10)))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(RetryAfter.parse("Wed, 21 Oct 2015 07:00:00 GMT", clock, Duration.ofMinutes(10)))
                .isEqualTo(Duration.ZERO);
    }

    @Test
    void absentOrUnreadableIsNull() {
        assertThat(RetryAfter.parse(null, clock, Duration.ofMinutes(1))).isNull();
        assertThat(RetryAfter.parse("soon", clock, Duration.ofMinutes(1))).isNull();
    }
}
