package org.heroes.analytics.store.rollups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RebuildScopeTest {

    private static final UUID CLASSROOM = UUID.fromString("00000000-0000-0000-0000-00000000000a");

    @Test
    void rangeIsWidenedToTheWholeUtcHoursItTouches() {
        var scope = RebuildScope.of(
                List.of(), Instant.parse("2026-11-26T09:30:00Z"), Instant.parse("2026-11-26T11:00:00.001Z"));

        assertThat(scope.hourFrom()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(scope.hourTo()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(scope.describe())
                .isEqualTo("every classroom, hours [2026-11-26T09:00:00Z, 2026-11-26T12:00:00Z)"
                        + " (from floored, to ceiled to whole UTC hours);"
                        + " progress and classroom counts left alone (no classroom named)");
    }

    @Test
    void wholeHoursStayAsTheyAre() {
        var scope = RebuildScope.of(
                List.of(CLASSROOM), Instant.parse("2026-11-26T09:00:00Z"), Instant.parse("2026-11-26T10:00:00Z"));

        assertThat(scope.hourFrom()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(scope.hourTo()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(scope.describe())
                .isEqualTo("classroom " + CLASSROOM + ", hours [2026-11-26T09:00:00Z, 2026-11-26T10:00:00Z)");
    }

    @Test
    void openEndsAreUnbounded() {
        var scope = RebuildScope.of(List.of(), null, Instant.parse("2026-11-26T09:15:00Z"));

        assertThat(scope.hourFrom()).isNull();
        assertThat(scope.hourTo()).isEqualTo(Instant.parse("2026-11-26T10:00:00Z"));
        assertThat(scope.describe()).startsWith("every classroom, hours [-infinity, 2026-11-26T10:00:00Z)");
    }

    @Test
    void aTimeRangeAloneLeavesTheClassroomRollupsAlone() {
        assertThat(RebuiltTable.coveredBy(RebuildScope.of(List.of(), Instant.EPOCH, null)))
                .containsExactly(RebuiltTable.ANALYTICS_HOURLY, RebuiltTable.FEEDBACK_HOURLY);
        assertThat(RebuiltTable.coveredBy(RebuildScope.of(List.of(CLASSROOM), Instant.EPOCH, null)))
                .containsExactly(RebuiltTable.values());
        assertThat(RebuiltTable.coveredBy(RebuildScope.everything())).containsExactly(RebuiltTable.values());
    }

    @Test
    void tablesAreLockedInTheOrderTheLiveBatchFirstWritesThem() {
        assertThat(RebuiltTable.values())
                .extracting(t -> t.table)
                .containsExactly(
                        "analytics_hourly_rollup", "progress_rollup", "feedback_hourly_rollup", "classroom_rollup");
    }

    @Test
    void emptyOrBackwardsRangeIsRefused() {
        Instant at = Instant.parse("2026-11-26T09:00:00Z");

        assertThatThrownBy(() -> RebuildScope.of(List.of(), at, at))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--from 2026-11-26T09:00:00Z must be before --to 2026-11-26T09:00:00Z");
        assertThatThrownBy(() -> RebuildScope.of(List.of(), at.plusSeconds(1), at))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
