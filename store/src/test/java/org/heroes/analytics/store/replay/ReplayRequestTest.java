package org.heroes.analytics.store.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReplayRequestTest {

    @Test
    void allMeansEveryEventTopicAndShortNamesAreAccepted() {
        assertThat(ReplayRequest.parse("all", "earliest", null, false).topics())
                .containsExactly(
                        "heroes.analytics-events.v1",
                        "heroes.student-progress.v1",
                        "heroes.student-feedback.v1",
                        "heroes.roster.v1");
        assertThat(ReplayRequest.parse("progress", "earliest", null, false).topics())
                .containsExactly("heroes.student-progress.v1");
        assertThat(ReplayRequest.parse("heroes.roster.v1", "earliest", null, false)
                        .topics())
                .containsExactly("heroes.roster.v1");
    }

    @Test
    void instantsWithOffsetsAndDatesAreUnderstood() {
        var request = ReplayRequest.parse("all", "2026-11-26", "2026-11-26T10:00:00+01:00", true);

        assertThat(request.from()).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(request.to()).isEqualTo(Instant.parse("2026-11-26T09:00:00Z"));
        assertThat(request.dryRun()).isTrue();
        assertThat(ReplayRequest.parse("all", "earliest", null, false).from()).isNull();
    }

    @Test
    void badWordsAreRefusedNamingTheFlag() {
        assertThatThrownBy(() -> ReplayRequest.parse("heroes.nope.v1", "earliest", null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown topic 'heroes.nope.v1'");
        assertThatThrownBy(() -> ReplayRequest.parse("all", "yesterday", null, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--from 'yesterday' is not an instant");
        assertThatThrownBy(() -> ReplayRequest.parse("all", "2026-11-26T10:00:00Z", "2026-11-26T10:00:00Z", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not before --to");
    }

    @Test
    void partitionsAreDealtRoundRobinToAtMostTheConcurrency() {
        var ranges = List.of(range(0), range(1), range(2), range(3));

        assertThat(Replay.share(ranges, 3))
                .containsExactly(List.of(range(0), range(3)), List.of(range(1)), List.of(range(2)));
        assertThat(Replay.share(ranges.subList(0, 1), 3)).containsExactly(List.of(range(0)));
    }

    private static PartitionRange range(int partition) {
        return new PartitionRange(new TopicPartition("t", partition), 0, 10);
    }
}
