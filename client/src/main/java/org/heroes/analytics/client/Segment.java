package org.heroes.analytics.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * One file of the queue: a header naming the format, then records appended one after the other, each
 * {@code length (4 bytes) | CRC32C of seq and payload (4) | seq (8) | payload (length)}. The file's name
 * carries the sequence number of its first record. Written and read with {@link RandomAccessFile} (see
 * {@link Durably} for why not a channel); callers serialise access.
 */
final class Segment implements Closeable {

    static final int RECORD_HEADER = 16;
    /** No record is larger: a length beyond it can only be a torn or damaged header. */
    static final int MAX_RECORD = 16 * 1024 * 1024;

    private static final byte[] MAGIC = "HQSEG\u0000\u0000\u0001".getBytes(StandardCharsets.ISO_8859_1);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".log";

    private final Path path;
    private final long firstSeq;
    private final RandomAccessFile file;
    private long size;

    private Segment(Path path, long firstSeq, RandomAccessFile file, long size) {
        this.path = path;
        this.firstSeq = firstSeq;
        this.file = file;
        this.size = size;
    }

    /** A new, empty segment whose first record will be {@code firstSeq}; durable, directory entry included. */
    static Segment create(Path directory, long firstSeq) throws IOException {
        Path path = directory.resolve(PREFIX + String.format("%020d", firstSeq) + SUFFIX);
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        file.setLength(0);
        file.write(MAGIC);
        file.getFD().sync();
        Durably.syncDirectory(directory);
        return new Segment(path, firstSeq, file, MAGIC.length);
    }

    static Segment open(Path path) throws IOException {
        RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw");
        return new Segment(path, firstSeqOf(path), file, file.length());
    }

    /** Whether the file is a segment by its name. */
    static boolean isSegment(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(PREFIX) && name.endsWith(SUFFIX);
    }

    static long firstSeqOf(Path path) {
        String name = path.getFileName().toString();
        return Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length()));
    }

    /** What a scan found: where the readable records end, and why reading stopped early if it did. */
    record Scan(long end, String damage) {}

    /** Receives each readable record of a scan. */
    @FunctionalInterface
    interface RecordSink {
        void record(long seq, long position, int length);
    }

    /**
     * Reads the records from the start, checking each one's length, checksum and sequence number (which
     * must follow on from the name's), and stops at the first that fails.
     */
    Scan scan(RecordSink sink) throws IOException {
        if (size < MAGIC.length) {
            return new Scan(0, size == 0 ? null : "a header cut short");
        }
        byte[] magic = new byte[MAGIC.length];
        file.seek(0);
        file.readFully(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            return new Scan(0, "not a segment of this format");
        }
        long position = MAGIC.length;
        long expected = firstSeq;
        byte[] header = new byte[RECORD_HEADER];
        while (position < size) {
            if (size - position < RECORD_HEADER) {
                return new Scan(position, "a record header cut short");
            }
            file.seek(position);
            file.readFully(header);
            ByteBuffer fields = ByteBuffer.wrap(header);
            int length = fields.getInt();
            int crc = fields.getInt();
            long seq = fields.getLong();
            if (length < 1 || length > MAX_RECORD || position + RECORD_HEADER + length > size) {
                return new Scan(position, "a record cut short or a damaged length");
            }
            byte[] payload = new byte[length];
            file.readFully(payload);
            if (crc != checksum(seq, payload)) {
                return new Scan(position, "a record whose checksum does not match");
            }
            if (seq != expected) {
                return new Scan(position, "sequence number " + seq + " where " + expected + " belongs");
            }
            sink.record(seq, position + RECORD_HEADER, length);
            position += RECORD_HEADER + length;
            expected++;
        }
        return new Scan(position, null);
    }

    /** The records' bytes as they are appended: {@code payloads.get(i)} gets sequence number {@code firstSeq + i}. */
    static byte[] encode(long firstSeq, java.util.List<byte[]> payloads) {
        int total = 0;
        for (byte[] payload : payloads) {
            total += RECORD_HEADER + payload.length;
        }
        ByteBuffer out = ByteBuffer.allocate(total);
        long seq = firstSeq;
        for (byte[] payload : payloads) {
            out.putInt(payload.length)
                    .putInt(checksum(seq, payload))
                    .putLong(seq)
                    .put(payload);
            seq++;
        }
        return out.array();
    }

    /** Appends encoded records at the end and syncs them to the device; returns where they start. */
    long appendDurably(byte[] records) throws IOException {
        long start = size;
        file.seek(start);
        file.write(records);
        file.getFD().sync();
        size += records.length;
        return start;
    }

    byte[] read(long position, int length) throws IOException {
        byte[] payload = new byte[length];
        file.seek(position);
        file.readFully(payload);
        return payload;
    }

    /** Cuts the file at {@code end} (a torn tail), durably. */
    void truncate(long end) throws IOException {
        file.setLength(end);
        file.getFD().sync();
        size = end;
    }

    long firstSeq() {
        return firstSeq;
    }

    long size() {
        return size;
    }

    Path path() {
        return path;
    }

    void delete() throws IOException {
        file.close();
        Files.deleteIfExists(path);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }

    private static int checksum(long seq, byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(ByteBuffer.allocate(8).putLong(0, seq));
        crc.update(payload);
        return (int) crc.getValue();
    }
}
