package org.heroes.analytics.query.classrooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.heroes.analytics.query.web.TimeRange;
import org.junit.jupiter.api.Test;

class HourSplitTest {

    private static HourSplit split(String from, String to) {
        return HourSplit.of(new TimeRange(Instant.parse(from), Instant.parse(to)));
    }

    @Test
    void partialHoursAtBothEdgesComeFromRawRowsAndTheWholeHoursBetweenFromTheRollup() {
        HourSplit split = split("2026-11-01T09:30:15Z", "2026-11-01T12:05:00Z");

        assertThat(split.headTo()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(split.wholeFrom()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(split.wholeTo()).isEqualTo(Instant.parse("2026-11-01T12:00:00Z"));
        assertThat(split.tailFrom()).isEqualTo(Instant.parse("2026-11-01T12:00:00Z"));
    }

    @Test
    void wholeHourRangeIsAllRollup() {
        HourSplit split = split("2026-11-01T09:00:00Z", "2026-11-02T09:00:00Z");

        assertThat(split.headTo()).isEqualTo(split.from());
        assertThat(split.wholeFrom()).isEqualTo(split.from());
        assertThat(split.wholeTo()).isEqualTo(split.to());
        assertThat(split.tailFrom()).isEqualTo(split.to());
    }

    @Test
    void rangeWithoutAWholeHourIsAllRawRows() {
        for (HourSplit split : new HourSplit[] {
            split("2026-11-01T09:10:00Z", "2026-11-01T09:50:00Z"), split("2026-11-01T09:10:00Z", "2026-11-01T10:50:00Z")
        }) {
            assertThat(split.headTo()).isEqualTo(split.to());
            assertThat(split.wholeFrom()).isEqualTo(split.wholeTo());
            assertThat(split.tailFrom()).isEqualTo(split.to());
        }
    }

    @Test
    void thePiecesAreAdjacentAndCoverTheRangeExactly() {
        Random random = new Random(7);
        Instant base = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 10_000; i++) {
            Instant from = base.plusNanos(random.nextLong(Duration.ofDays(3).toNanos()));
            Instant to = from.plusNanos(1 + random.nextLong(Duration.ofHours(30).toNanos()));
            HourSplit split = HourSplit.of(new TimeRange(from, to));

            assertThat(split.from()).isEqualTo(from);
            assertThat(split.to()).isEqualTo(to);
            assertThat(split.headTo()).isBetween(from, to);
            boolean wholeHours = split.wholeFrom().isBefore(split.wholeTo());
            if (wholeHours) {
                assertThat(split.wholeFrom()).isEqualTo(split.headTo());
                assertThat(split.tailFrom()).isEqualTo(split.wholeTo());
                assertThat(split.wholeFrom().getEpochSecond() % 3600).isZero();
                assertThat(split.wholeFrom().getNano()).isZero();
                assertThat(split.wholeTo().getEpochSecond() % 3600).isZero();
                assertThat(Duration.between(from, split.headTo())).isLessThan(Duration.ofHours(1));
                assertThat(Duration.between(split.tailFrom(), to)).isLessThan(Duration.ofHours(1));
            } else {
                assertThat(split.headTo()).isEqualTo(to);
                assertThat(split.tailFrom()).isEqualTo(to);
            }
        }
    }
}
