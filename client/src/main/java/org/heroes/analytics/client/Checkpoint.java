package org.heroes.analytics.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which records have left the queue (delivered, rejected or evicted): every sequence number below
 * {@code floor}, and a few ranges above it. Records leave in order, so the ranges are the exception: the
 * oldest events evicted while an older batch was in flight (in-flight events are never evicted). Kept in the
 * file {@code checkpoint}, replaced whole and atomically ({@link Durably#replace}) each time records leave:
 *
 * <pre>
 * heroes-outbox-checkpoint 1
 * floor 1200
 * removed 1300 1342
 * </pre>
 */
final class Checkpoint {

    static final String FILE = "checkpoint";
    private static final String HEADER = "heroes-outbox-checkpoint 1";

    private long floor;
    /** Ranges above the floor, {@code from -> to} inclusive, disjoint and not touching. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();

    /** The checkpoint in {@code directory}, or an empty one (nothing has left) if there is none. */
    static Checkpoint read(Path directory) throws IOException {
        Checkpoint checkpoint = new Checkpoint();
        String text;
        try {
            text = Files.readString(directory.resolve(FILE), StandardCharsets.US_ASCII);
        } catch (NoSuchFileException none) {
            return checkpoint;
        }
        String[] lines = text.split("\n");
        if (lines.length < 2 || !lines[0].equals(HEADER) || !lines[1].startsWith("floor ")) {
            throw new IOException("not a checkpoint of this format: " + directory.resolve(FILE));
        }
        try {
            checkpoint.floor = Long.parseLong(lines[1].substring("floor ".length()));
            for (int i = 2; i < lines.length; i++) {
                String[] range = lines[i].split(" ");
                if (range.length != 3 || !range[0].equals("removed")) {
                    throw new IOException("not a checkpoint line: " + lines[i]);
                }
                checkpoint.remove(Long.parseLong(range[1]), Long.parseLong(range[2]));
            }
        } catch (NumberFormatException e) {
            throw new IOException("not a checkpoint of this format: " + directory.resolve(FILE), e);
        }
        return checkpoint;
    }

    /** Replaces the checkpoint file atomically with this state. */
    void write(Path directory) throws IOException {
        StringBuilder text =
                new StringBuilder(HEADER).append("\nfloor ").append(floor).append('\n');
        ranges.forEach((from, to) ->
                text.append("removed ").append(from).append(' ').append(to).append('\n'));
        Durably.replace(directory.resolve(FILE), text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** Records {@code from..to} (inclusive) as gone, merging with what is already gone. */
    void remove(long from, long to) {
        if (to < from || to < floor) {
            return;
        }
        long start = Math.max(from, floor);
        long end = to;
        Map.Entry<Long, Long> before = ranges.floorEntry(start);
        if (before != null && before.getValue() >= start - 1) {
            start = before.getKey();
            end = Math.max(end, before.getValue());
        }
        for (Map.Entry<Long, Long> next = ranges.ceilingEntry(start);
                next != null && next.getKey() <= end + 1;
                next = ranges.ceilingEntry(start)) {
            end = Math.max(end, next.getValue());
            ranges.remove(next.getKey());
        }
        ranges.remove(start);
        if (start <= floor) {
            floor = end + 1;
        } else {
            ranges.put(start, end);
        }
    }

    /** Whether the record {@code seq} has left the queue. */
    boolean isRemoved(long seq) {
        if (seq < floor) {
            return true;
        }
        Map.Entry<Long, Long> range = ranges.floorEntry(seq);
        return range != null && range.getValue() >= seq;
    }

    /** Whether every record of {@code from..to} (inclusive) has left the queue. */
    boolean isRemoved(long from, long to) {
        if (to < floor) {
            return true;
        }
        long start = Math.max(from, floor);
        Map.Entry<Long, Long> range = ranges.floorEntry(start);
        return range != null && range.getValue() >= to;
    }

    /** Every sequence number below this one has left the queue. */
    long floor() {
        return floor;
    }

    @Override
    public String toString() {
        return "floor " + floor + ", removed " + ranges;
    }
}
