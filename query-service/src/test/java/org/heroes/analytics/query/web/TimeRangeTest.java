package org.heroes.analytics.query.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeRangeTest {

    @Test
    void parsesIsoInstantsWithFractionsAndOffsets() {
        TimeRange range = TimeRange.parse("2026-11-26T09:30:00.123456Z", "2026-11-26T12:00:00+02:00");

        assertThat(range.from()).isEqualTo(Instant.parse("2026-11-26T09:30:00.123456Z"));
        assertThat(range.to()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
    }

    @Test
    void missingFromNamesFrom() {
        assertThatThrownBy(() -> TimeRange.parse(null, "2026-11-26T10:00:00Z"))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("from"))
                .hasMessageContaining("required");
    }

    @Test
    void blankToNamesTo() {
        assertThatThrownBy(() -> TimeRange.parse("2026-11-26T09:00:00Z", "  "))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("to"));
    }

    @Test
    void unparsableInstantNamesItsParameter() {
        assertThatThrownBy(() -> TimeRange.parse("yesterday", "2026-11-26T10:00:00Z"))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("from"))
                .hasMessageContaining("yesterday");
        assertThatThrownBy(() -> TimeRange.parse("2026-11-26T09:00:00Z", "2026-11-26"))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("to"));
    }

    @Test
    void dateWithoutZoneIsNotAnInstant() {
        assertThatThrownBy(() -> TimeRange.parse("2026-11-26T09:00:00", "2026-11-26T10:00:00Z"))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void emptyRangeIsRefused() {
        assertThatThrownBy(() -> TimeRange.parse("2026-11-26T09:00:00Z", "2026-11-26T09:00:00Z"))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("to"));
    }

    @Test
    void backwardsRangeIsRefused() {
        assertThatThrownBy(() -> TimeRange.parse("2026-11-26T10:00:00Z", "2026-11-26T09:00:00Z"))
                .isInstanceOfSatisfying(
                        InvalidParameterException.class,
                        e -> assertThat(e.parameter()).isEqualTo("to"));
    }

    @Test
    void longGarbageIsAbbreviatedInTheMessage() {
        String garbage = "x".repeat(500);

        assertThatThrownBy(() -> TimeRange.parse(garbage, "2026-11-26T10:00:00Z"))
                .hasMessageNotContaining(garbage)
                .hasMessageContaining("x".repeat(40) + "…");
    }
}
