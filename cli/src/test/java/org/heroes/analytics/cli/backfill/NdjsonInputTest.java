package org.heroes.analytics.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonInputTest {

    @TempDir
    Path dir;

    static List<String> lines(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        try (NdjsonInput input = NdjsonInput.open(file)) {
            NdjsonInput.Line line;
            while ((line = input.next()) != null) {
                assertThat(line.number()).isEqualTo(lines.size() + 1);
                lines.add(
                        line.tooLong()
                                ? "<too long>"
                                : new String(line.bytes(), 0, line.length(), StandardCharsets.UTF_8));
            }
        }
        return lines;
    }

    @Test
    void linesAreNumberedFromOneWithoutTheirLineEnds() throws IOException {
        Path file = Files.writeString(dir.resolve("e.ndjson"), "{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}");

        assertThat(lines(file)).containsExactly("{\"a\":1}", "", "  ", "{\"b\":2}", "{\"c\":3}");
    }

    @Test
    void gzipIsToldByItsContentNotItsName() throws IOException {
        Path file = dir.resolve("no-extension");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write("{\"a\":1}\n{\"b\":2}\n".getBytes(StandardCharsets.UTF_8));
        }

        assertThat(lines(file)).containsExactly("{\"a\":1}", "{\"b\":2}");
    }

    @Test
    void linesLongerThanTheBufferAreWholeAndOverlongOnesAreFlaggedWithoutEndingTheFile() throws IOException {
        String long1 = "x".repeat(200_000);
        String overlong = "y".repeat(NdjsonInput.MAX_LINE_BYTES + 1);
        Path file = Files.writeString(dir.resolve("e.ndjson"), long1 + "\n" + overlong + "\nlast\n");

        assertThat(lines(file)).containsExactly(long1, "<too long>", "last");
    }

    @Test
    void bytesReadReachTheFileSize() throws IOException {
        Path file = Files.writeString(dir.resolve("e.ndjson"), "{}\n".repeat(100_000));
        try (NdjsonInput input = NdjsonInput.open(file)) {
            while (input.next() != null) {
                assertThat(input.bytesRead()).isLessThanOrEqualTo(input.fileBytes());
            }
            assertThat(input.bytesRead()).isEqualTo(input.fileBytes()).isEqualTo(300_000);
        }
    }

    @Test
    void onlySpacesAndTabsAreBlank() throws IOException {
        Path file = Files.writeString(dir.resolve("e.ndjson"), " \t \n x \n");
        try (NdjsonInput input = NdjsonInput.open(file)) {
            assertThat(input.next().isBlank()).isTrue();
            assertThat(input.next().isBlank()).isFalse();
        }
    }
}
