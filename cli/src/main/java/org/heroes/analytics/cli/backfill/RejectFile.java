package org.heroes.analytics.cli.backfill;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The rejected lines, one JSON object a line: {@code {"line": N, "reasons": ["field: reason", ...],
 * "eventId": "..."}} ({@code eventId} as sent, where the line had one as a string). It knows its length,
 * so a checkpoint can record it and a resume can cut the file back to it.
 */
final class RejectFile implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path path;
    private final FileChannel channel;
    private final OutputStream out;
    private long bytes;

    private RejectFile(Path path, FileChannel channel, long bytes) {
        this.path = path;
        this.channel = channel;
        this.out = new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
        this.bytes = bytes;
    }

    /**
     * Opens the file for appending after its first {@code keepBytes} bytes, dropping whatever follows
     * them (rejects written after the checkpoint, which the resumed run writes again); creates it if absent.
     *
     * @throws IllegalArgumentException if the file is shorter than {@code keepBytes}: it is not the file
     *     the checkpoint was written with
     */
    static RejectFile open(Path path, long keepBytes) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.size() < keepBytes) {
                throw new IllegalArgumentException("the reject file " + path + " holds " + channel.size()
                        + " bytes, fewer than the " + keepBytes + " the checkpoint recorded; it is not the file"
                        + " the checkpoint was written with");
            }
            channel.truncate(keepBytes);
            channel.position(keepBytes);
            return new RejectFile(path, channel, keepBytes);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Appends one rejected line. */
    void add(long line, String eventId, List<String> reasons) {
        ObjectNode node = JSON.createObjectNode().put("line", line);
        ArrayNode array = node.putArray("reasons");
        reasons.forEach(array::add);
        if (eventId != null) {
            node.put("eventId", eventId);
        }
        byte[] json = JSON.writeValueAsBytes(node);
        try {
            out.write(json);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject file " + path, e);
        }
        bytes += json.length + 1;
    }

    /** Writes what is buffered and forces it to disk; returns the file's length. */
    long sync() {
        try {
            out.flush();
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reject file " + path, e);
        }
        return bytes;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
