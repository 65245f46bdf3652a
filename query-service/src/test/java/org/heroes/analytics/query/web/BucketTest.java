package org.heroes.analytics.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BucketTest {

    @Test
    void hourAndDayAreTheBucketsAndHourIsTheDefault() {
        assertThat(Bucket.parse("hour")).isEqualTo(Bucket.HOUR);
        assertThat(Bucket.parse("day")).isEqualTo(Bucket.DAY);
        assertThat(Bucket.parse(null)).isEqualTo(Bucket.HOUR);
        assertThat(Bucket.DAY.field()).isEqualTo("day");
    }

    @Test
    void unknownBucketNamesTheParameter() {
        for (String bad : new String[] {"week", "HOUR ", "Day", "hour'; --", "minute"}) {
            assertThatThrownBy(() -> Bucket.parse(bad))
                    .as(bad)
                    .isInstanceOfSatisfying(
                            InvalidParameterException.class,
                            e -> assertThat(e.parameter()).isEqualTo("bucket"));
        }
    }

    @Test
    void rangeLongerThanTheMaximumNamesTo() {
        ApiProperties api = new ApiProperties(Duration.ofDays(400));

        assertThat(api.range("2025-01-01T00:00:00Z", "2026-02-05T00:00:00Z").to())
                .isNotNull();
        assertThatThrownBy(() -> api.range("2025-01-01T00:00:00Z", "2026-02-05T00:00:00.000001Z"))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("to"))
                .hasMessageContaining("400 days");
    }

    @Test
    void instantsOutsideTheSupportedYearsNameTheirParameter() {
        assertThatThrownBy(() -> TimeRange.parse("+100000-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("from"));
        assertThatThrownBy(() -> TimeRange.parse("1800-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("from"));
    }
}
