package org.heroes.analytics.cli.backfill;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * How far a backfill got for certain: every line up to {@code line} is acknowledged by Kafka or written
 * to the reject file, and the reject file was {@code rejectsBytes} long at that moment. Written to a
 * file of its own, atomically (a temporary file, forced to disk, then renamed), so a crash at any moment
 * leaves the previous checkpoint or the new one, never half of one.
 *
 * @param fileBytes the size of the input file, so a checkpoint is not applied to another file
 * @param line the last line number done, 0 before the first
 * @param rejectsBytes the reject file's length when {@code line} was done
 * @param complete whether the whole file was done
 */
record Checkpoint(long fileBytes, long line, long rejectsBytes, boolean complete) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The checkpoint in {@code path}, if there is one. */
    static Optional<Checkpoint> read(Path path) {
        if (!Files.exists(path)) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(Files.readAllBytes(path));
            return Optional.of(new Checkpoint(
                    required(node, "fileBytes").asLong(),
                    required(node, "line").asLong(),
                    required(node, "rejectsBytes").asLong(),
                    required(node, "complete").asBoolean()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the checkpoint " + path, e);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(
                    "the checkpoint " + path + " is not one this tool wrote: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || !(value.isIntegralNumber() || value.isBoolean())) {
            throw new IllegalArgumentException("the checkpoint lacks \"" + field + "\"; it is not one this tool wrote");
        }
        return value;
    }

    /** Replaces the checkpoint in {@code path} with this one, durably and atomically. */
    void write(Path path, Path inputFile) {
        ObjectNode node = JSON.createObjectNode()
                .put("file", inputFile.toAbsolutePath().toString())
                .put("fileBytes", fileBytes)
                .put("line", line)
                .put("rejectsBytes", rejectsBytes)
                .put("complete", complete)
                .put("writtenAt", Instant.now().toString());
        Path temporary = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(
                    temporary,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(JSON.writeValueAsBytes(node));
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("the file system of " + path + " cannot rename atomically", e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the checkpoint " + path, e);
        }
    }
}
