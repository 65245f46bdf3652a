package org.heroes.analytics.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The queue's files as a crash, a full disk quota or damaged storage leave them. */
class DiskQueueTest {

    @TempDir
    Path dir;

    final List<String> evicted = new ArrayList<>();
    final List<String> unreadable = new ArrayList<>();
    final List<DiskQueue> opened = new ArrayList<>();

    DiskQueue.Limits limits = new DiskQueue.Limits(1_000, 1 << 20, 1 << 20);

    @AfterEach
    void closeAll() throws IOException {
        for (DiskQueue queue : opened) {
            queue.close();
        }
    }

    DiskQueue open() throws IOException {
        DiskQueue queue = DiskQueue.open(dir, limits, new DiskQueue.Listener() {
            @Override
            public void evicted(List<DiskQueue.Stored> records) {
                records.forEach(r -> evicted.add(text(r)));
            }

            @Override
            public void unreadable(Path file, long bytes, String why) {
                unreadable.add(file.getFileName() + " " + bytes + " " + why);
            }
        });
        opened.add(queue);
        return queue;
    }

    DiskQueue reopen(DiskQueue queue) throws IOException {
        queue.close();
        return open();
    }

    static List<byte[]> records(String... texts) {
        return Arrays.stream(texts).map(t -> t.getBytes(UTF_8)).toList();
    }

    static String text(DiskQueue.Stored stored) {
        return new String(stored.payload(), UTF_8);
    }

    static List<String> texts(DiskQueue queue) throws IOException {
        return queue.pending().stream().map(DiskQueueTest::text).toList();
    }

    Path onlySegment() throws IOException {
        try (var files = Files.list(dir)) {
            return files.filter(Segment::isSegment)
                    .reduce((a, b) -> {
                        throw new AssertionError("more than one segment");
                    })
                    .orElseThrow();
        }
    }

    @Test
    void recordsSurviveReopenInOrder() throws IOException {
        DiskQueue queue = open();
        queue.append(records("a", "b"));
        queue.append(records("c"));

        queue = reopen(queue);

        assertThat(texts(queue)).containsExactly("a", "b", "c");
    }

    @Test
    void aTornLastRecordIsCutAtOpenAndTheQueueGoesOn() throws IOException {
        DiskQueue queue = open();
        queue.append(records("a", "b"));
        queue.close();
        // an append that died half-way: a header announcing 100 bytes, and 10 of them
        byte[] torn = Arrays.copyOf(Segment.encode(2, records("x".repeat(100))), Segment.RECORD_HEADER + 10);
        Files.write(onlySegment(), torn, StandardOpenOption.APPEND);
        long sizeBefore = Files.size(onlySegment());

        queue = open();

        assertThat(texts(queue)).containsExactly("a", "b");
        assertThat(queue.tornBytes()).isEqualTo(Segment.RECORD_HEADER + 10);
        assertThat(Files.size(onlySegment())).isEqualTo(sizeBefore - torn.length);
        assertThat(unreadable)
                .as("a torn tail was never reported queued: nothing to report lost")
                .isEmpty();

        assertThat(queue.append(records("c")))
                .as("the sequence goes on from the last whole record")
                .isEqualTo(2);
        queue = reopen(queue);
        assertThat(texts(queue)).containsExactly("a", "b", "c");
    }

    @Test
    void aLastRecordWhoseChecksumFailsIsCutToo() throws IOException {
        DiskQueue queue = open();
        queue.append(records("a", "bbbb"));
        queue.close();
        flipLastByte(onlySegment());

        queue = open();

        assertThat(texts(queue)).containsExactly("a");
        assertThat(queue.tornBytes()).isEqualTo(Segment.RECORD_HEADER + 4);
    }

    @Test
    void aSegmentWhoseHeaderWasNeverCompletedIsDropped() throws IOException {
        DiskQueue queue = open();
        queue.append(records("a"));
        queue.close();
        Files.write(dir.resolve("segment-%020d.log".formatted(1)), new byte[] {'H', 'Q'});

        queue = open();

        assertThat(texts(queue)).containsExactly("a");
        assertThat(queue.append(records("b"))).isEqualTo(1);
        queue = reopen(queue);
        assertThat(texts(queue)).containsExactly("a", "b");
    }

    @Test
    void damageBeforeTheLastSegmentIsReportedWithTheBytesLost() throws IOException {
        limits = new DiskQueue.Limits(1_000, 1 << 20, 20);
        DiskQueue queue = open();
        queue.append(records("a1", "a2"));
        queue.append(records("b1"));
        queue.append(records("c1"));
        assertThat(queue.segmentFiles()).hasSize(3);
        Path first = queue.segmentFiles().get(0);
        queue.close();
        flipLastByte(first);

        queue = open();

        assertThat(texts(queue)).containsExactly("a1", "b1", "c1");
        assertThat(unreadable)
                .containsExactly(first.getFileName() + " " + (Segment.RECORD_HEADER + 2)
                        + " a record whose checksum does not match");
    }

    @Test
    void whenFullTheOldestAreEvictedReportedAndGoneForGood() throws IOException {
        limits = new DiskQueue.Limits(3, 1 << 20, 1 << 20);
        DiskQueue queue = open();
        queue.append(records("a", "b", "c"));
        assertThat(evicted).isEmpty();

        queue.append(records("d", "e"));

        assertThat(evicted).containsExactly("a", "b");
        assertThat(texts(queue)).containsExactly("c", "d", "e");
        queue = reopen(queue);
        assertThat(texts(queue)).containsExactly("c", "d", "e");
        assertThat(evicted).as("evicted once, not again at open").containsExactly("a", "b");
    }

    @Test
    void theByteBoundEvictsToo() throws IOException {
        int record = Segment.RECORD_HEADER + 10;
        limits = new DiskQueue.Limits(1_000, 3L * record, 1 << 20);
        DiskQueue queue = open();
        queue.append(records("0123456789", "1123456789", "2123456789"));

        queue.append(records("3123456789"));

        assertThat(evicted).containsExactly("0123456789");
        assertThat(queue.bytes()).isEqualTo(3L * record);
    }

    @Test
    void theBatchInFlightIsNeverEvictedAndAHoleBehindItSurvivesACrash() throws IOException {
        limits = new DiskQueue.Limits(3, 1 << 20, 1 << 20);
        DiskQueue queue = open();
        queue.append(records("a", "b", "c"));
        assertThat(queue.take(2, 1 << 20)).extracting(DiskQueueTest::text).containsExactly("a", "b");

        queue.append(records("d"));

        assertThat(evicted).as("the oldest event not in flight").containsExactly("c");
        // the process dies with a, b in flight: no answer was recorded, so they are sent again
        queue = reopen(queue);
        assertThat(texts(queue)).containsExactly("a", "b", "d");
        assertThat(queue.take(10, 1 << 20)).extracting(DiskQueueTest::text).containsExactly("a", "b", "d");
        queue.removeInFlight();
        queue = reopen(queue);
        assertThat(texts(queue)).isEmpty();
    }

    @Test
    void aBatchPutBackIsTakenAgainFirst() throws IOException {
        DiskQueue queue = open();
        queue.append(records("a", "b", "c"));
        queue.take(2, 1 << 20);

        queue.putBack();

        assertThat(queue.take(3, 1 << 20)).extracting(DiskQueueTest::text).containsExactly("a", "b", "c");
    }

    @Test
    void aBatchStopsAtTheByteBudgetButHoldsAtLeastOneRecord() throws IOException {
        DiskQueue queue = open();
        queue.append(records("0123456789", "0123456789", "0123456789"));

        assertThat(queue.take(10, 22)).hasSize(2);
        queue.putBack();
        assertThat(queue.take(10, 5)).hasSize(1);
    }

    @Test
    void answeredRecordsStayGoneAfterReopenAndTheirSegmentsAreDeleted() throws IOException {
        limits = new DiskQueue.Limits(1_000, 1 << 20, 20);
        DiskQueue queue = open();
        queue.append(records("a1", "a2"));
        queue.append(records("b1"));
        queue.append(records("c1"));
        List<Path> segments = queue.segmentFiles();

        queue.take(3, 1 << 20);
        queue.removeInFlight();

        assertThat(segments.get(0)).doesNotExist();
        assertThat(segments.get(1))
                .as("its record b1 has left, but it is not the segment appended to")
                .doesNotExist();
        assertThat(segments.get(2)).exists();
        queue = reopen(queue);
        assertThat(texts(queue)).containsExactly("c1");
        assertThat(queue.append(records("d1")))
                .as("sequence numbers never go back")
                .isEqualTo(4);
    }

    @Test
    void sequenceNumbersGoOnAfterEverySegmentWasDeleted() throws IOException {
        limits = new DiskQueue.Limits(1_000, 1 << 20, 20);
        DiskQueue queue = open();
        queue.append(records("a"));
        queue.append(records("b"));
        queue.take(2, 1 << 20);
        queue.removeInFlight();
        queue.append(records("c"));
        queue.take(1, 1 << 20);
        queue.removeInFlight();

        queue = reopen(queue);

        assertThat(texts(queue)).isEmpty();
        assertThat(queue.append(records("d"))).isEqualTo(3);
        queue = reopen(queue);
        assertThat(texts(queue)).containsExactly("d");
    }

    @Test
    void aCheckpointWriteThatDiedBeforeItsRenameLeavesThePreviousOneInForce() throws IOException {
        DiskQueue queue = open();
        queue.append(records("a", "b", "c"));
        queue.take(1, 1 << 20);
        queue.removeInFlight();
        queue.close();
        // the temporary file of a later write, cut short by the crash before the atomic rename
        Files.writeString(dir.resolve(Checkpoint.FILE + ".tmp"), "heroes-outbox-checkpoint 1\nflo");

        queue = open();

        assertThat(texts(queue)).containsExactly("b", "c");
        assertThat(dir.resolve(Checkpoint.FILE + ".tmp")).doesNotExist();
    }

    @Test
    void anUnreadableCheckpointSendsEverythingAgainAndSaysSo() throws IOException {
        DiskQueue queue = open();
        queue.append(records("a", "b"));
        queue.take(1, 1 << 20);
        queue.removeInFlight();
        queue.close();
        Files.writeString(dir.resolve(Checkpoint.FILE), "garbage");

        queue = open();

        assertThat(texts(queue)).containsExactly("a", "b");
        assertThat(unreadable).singleElement().asString().startsWith("checkpoint 0 ");
    }

    @Test
    void aSecondQueueOnTheSameDirectoryIsRefused() throws IOException {
        open();

        assertThatThrownBy(this::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("another outbox");
    }

    private static void flipLastByte(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(raf.length() - 1);
            int b = raf.read();
            raf.seek(raf.length() - 1);
            raf.write(b ^ 0xFF);
        }
    }
}
