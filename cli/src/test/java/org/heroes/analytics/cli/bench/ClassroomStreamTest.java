package org.heroes.analytics.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassroomStreamTest {

    private static final long MS = 1_000_000;

    @Test
    void aCountShowsTheBatchesWhoseRunningTotalItReachesOnceEachInTheOrderTheyWereAccepted() {
        ClassroomStream stream = new ClassroomStream("c");
        stream.accepted(100, 10 * MS);
        stream.accepted(100, 20 * MS);
        stream.accepted(50, 30 * MS);

        assertThat(stream.counted(99, 40 * MS)).isEmpty();
        assertThat(stream.counted(200, 50 * MS)).containsExactly(40.0, 30.0);
        assertThat(stream.waiting()).isTrue();
        assertThat(stream.counted(200, 60 * MS)).isEmpty();
        assertThat(stream.counted(250, 70 * MS)).containsExactly(40.0);
        assertThat(stream.waiting()).isFalse();
        assertThat(stream.sent()).isEqualTo(250);
    }

    @Test
    void percentilesAreNearestRankSoEachIsAMeasuredValue() {
        Percentiles p = new Percentiles(List.of(5.0, 1.0, 4.0, 2.0, 3.0));

        assertThat(p.at(50)).isEqualTo(3.0);
        assertThat(p.at(99)).isEqualTo(5.0);
        assertThat(p.at(100)).isEqualTo(5.0);
        assertThat(p.at(1)).isEqualTo(1.0);
        assertThat(new Percentiles(List.of()).at(50)).isNaN();
    }
}
