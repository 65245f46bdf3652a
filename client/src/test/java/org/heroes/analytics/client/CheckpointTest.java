package org.heroes.analytics.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void rangesMergeIntoTheFloorWhenTheGapCloses() {
        Checkpoint checkpoint = new Checkpoint();
        checkpoint.remove(5, 7);
        checkpoint.remove(9, 9);

        assertThat(removed(checkpoint, 0, 10)).containsExactly(5, 6, 7, 9);
        assertThat(checkpoint.floor()).isZero();

        checkpoint.remove(0, 4);
        assertThat(checkpoint.floor()).isEqualTo(8);
        checkpoint.remove(8, 8);
        assertThat(checkpoint.floor()).isEqualTo(10);
        assertThat(checkpoint).hasToString("floor 10, removed {}");
    }

    @Test
    void overlappingAndAdjacentRangesBecomeOne() {
        Checkpoint checkpoint = new Checkpoint();
        checkpoint.remove(20, 25);
        checkpoint.remove(30, 35);
        checkpoint.remove(26, 29);
        checkpoint.remove(22, 40);

        assertThat(checkpoint).hasToString("floor 0, removed {20=40}");
        assertThat(checkpoint.isRemoved(20, 40)).isTrue();
        assertThat(checkpoint.isRemoved(19, 40)).isFalse();
        assertThat(checkpoint.isRemoved(20, 41)).isFalse();
    }

    @Test
    void survivesWriteAndRead() throws IOException {
        Checkpoint checkpoint = new Checkpoint();
        checkpoint.remove(0, 99);
        checkpoint.remove(150, 170);
        checkpoint.write(dir);

        Checkpoint read = Checkpoint.read(dir);

        assertThat(read).hasToString(checkpoint.toString());
        assertThat(Files.readString(dir.resolve(Checkpoint.FILE)))
                .isEqualTo("heroes-outbox-checkpoint 1\nfloor 100\nremoved 150 170\n");
        assertThat(dir.resolve(Checkpoint.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void noFileMeansNothingHasLeft() throws IOException {
        assertThat(Checkpoint.read(dir).isRemoved(0)).isFalse();
    }

    @Test
    void aFileOfAnotherShapeIsRefused() throws IOException {
        Files.writeString(dir.resolve(Checkpoint.FILE), "floor 12\n");

        assertThatThrownBy(() -> Checkpoint.read(dir)).isInstanceOf(IOException.class);
    }

    private static long[] removed(Checkpoint checkpoint, long from, long to) {
        return LongStream.rangeClosed(from, to).filter(checkpoint::isRemoved).toArray();
    }
}
