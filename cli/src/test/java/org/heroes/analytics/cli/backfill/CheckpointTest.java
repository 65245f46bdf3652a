package org.heroes.analytics.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {

    @TempDir
    Path dir;

    @Test
    void aWrittenCheckpointIsReadBackAndReplacesTheEarlierOne() {
        Path path = dir.resolve("cp");
        new Checkpoint(1000, 10, 55, false).write(path, dir.resolve("in.ndjson"));
        new Checkpoint(1000, 20, 99, true).write(path, dir.resolve("in.ndjson"));

        assertThat(Checkpoint.read(path)).contains(new Checkpoint(1000, 20, 99, true));
        assertThat(dir.resolve("cp.tmp")).doesNotExist();
    }

    @Test
    void noFileIsNoCheckpoint() {
        assertThat(Checkpoint.read(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void aFileThisToolDidNotWriteIsRefused() throws IOException {
        Path path = Files.writeString(dir.resolve("cp"), "{\"line\": 3}");

        assertThatThrownBy(() -> Checkpoint.read(path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fileBytes");
    }

    @Test
    void rejectFileIsCutBackToTheCheckpointedLength() throws IOException {
        Path path = dir.resolve("rejects.ndjson");
        long length;
        try (RejectFile rejects = RejectFile.open(path, 0)) {
            rejects.add(3, "id-3", List.of("lessonId: must be an integer from 1 to 12"));
            length = rejects.sync();
            rejects.add(7, null, List.of("line: not valid JSON: x"));
        }
        try (RejectFile rejects = RejectFile.open(path, length)) {
            rejects.add(8, null, List.of("kind: is required"));
        }

        assertThat(Files.readAllLines(path))
                .containsExactly(
                        "{\"line\":3,\"reasons\":[\"lessonId: must be an integer from 1 to 12\"],\"eventId\":\"id-3\"}",
                        "{\"line\":8,\"reasons\":[\"kind: is required\"]}");
    }

    @Test
    void rejectFileShorterThanTheCheckpointSaysIsRefused() throws IOException {
        Path path = Files.writeString(dir.resolve("rejects.ndjson"), "{}\n");

        assertThatThrownBy(() -> RejectFile.open(path, 100))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fewer than the 100");
    }
}
