package org.heroes.analytics.cli.backfill;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The lines of an NDJSON file, plain or gzip (told by the magic bytes {@code 1F 8B}, not the name), as
 * raw bytes: the JSON parser decodes UTF-8 itself, so a line in another encoding is that line's error,
 * not the file's. A line ends at {@code \n}; a {@code \r} before it is dropped. A line longer than
 * {@link #MAX_LINE_BYTES} is reported as too long without being held in memory. Progress is measured in
 * bytes of the file as stored (compressed for gzip), so it can be set against the file's size.
 */
final class NdjsonInput implements Closeable {

    /** The most one line may hold: the ingest API's largest body, which holds at least one event. */
    static final int MAX_LINE_BYTES = 1024 * 1024;

    private static final int CHUNK = 64 * 1024;

    private final CountingStream counted;
    private final InputStream in;
    private final long fileBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int position;
    private int limit;
    private byte[] line = new byte[4096];
    private long lineNumber;

    private NdjsonInput(CountingStream counted, InputStream in, long fileBytes) {
        this.counted = counted;
        this.in = in;
        this.fileBytes = fileBytes;
    }

    /** Opens the file, gunzipping it if it starts with the gzip magic bytes. */
    static NdjsonInput open(Path file) throws IOException {
        long size = Files.size(file);
        CountingStream counted = new CountingStream(Files.newInputStream(file));
        BufferedInputStream head = new BufferedInputStream(counted, CHUNK);
        head.mark(2);
        boolean gzip = head.read() == 0x1f && head.read() == 0x8b;
        head.reset();
        InputStream in = gzip ? new GZIPInputStream(head, CHUNK) : head;
        return new NdjsonInput(counted, in, size);
    }

    /**
     * The next line, or {@code null} at the end of the file. The line's bytes are valid only until the
     * next call.
     */
    Line next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                int read = in.read(chunk, 0, CHUNK);
                position = 0;
                limit = Math.max(read, 0);
                if (read < 0) {
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int end = position;
            while (end < limit && chunk[end] != '\n') {
                end++;
            }
            int n = end - position;
            if (!tooLong && length + n > MAX_LINE_BYTES) {
                tooLong = true;
            }
            if (!tooLong) {
                append(n, length);
                length += n;
            }
            boolean newline = end < limit;
            position = newline ? end + 1 : end;
            if (newline) {
                break;
            }
        }
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        lineNumber++;
        return new Line(lineNumber, line, tooLong ? 0 : length, tooLong);
    }

    private void append(int n, int length) {
        if (length + n > line.length) {
            byte[] bigger = new byte[Math.max(line.length * 2, length + n)];
            System.arraycopy(line, 0, bigger, 0, length);
            line = bigger;
        }
        System.arraycopy(chunk, position, line, length, n);
    }

    /** Bytes of the file read so far (ahead of the lines returned by up to a buffer). */
    long bytesRead() {
        return counted.count;
    }

    /** The file's size in bytes, as stored. */
    long fileBytes() {
        return fileBytes;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * One line of the file.
     *
     * @param number its number, from 1
     * @param bytes its bytes in {@code [0, length)}, shared with the reader
     * @param length how many bytes it holds, without the line end
     * @param tooLong whether it was longer than {@link #MAX_LINE_BYTES} (and {@code length} is 0)
     */
    record Line(long number, byte[] bytes, int length, boolean tooLong) {

        /** Whether it holds nothing but spaces and tabs. */
        boolean isBlank() {
            for (int i = 0; i < length; i++) {
                if (bytes[i] != ' ' && bytes[i] != '\t' && bytes[i] != '\r') {
                    return false;
                }
            }
            return !tooLong;
        }
    }

    /** Counts the bytes read from the file. */
    private static final class CountingStream extends FilterInputStream {

        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }
}
