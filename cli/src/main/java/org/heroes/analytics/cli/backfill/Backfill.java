package org.heroes.analytics.cli.backfill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.heroes.analytics.eventsjson.MappedBatch;
import org.heroes.analytics.eventsjson.RecordMapper;
import org.heroes.analytics.eventsjson.Rejection;
import org.heroes.analytics.eventsjson.StrictJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One run over the file: each line after the starting point is validated by the shared mapper, its
 * event sent or the line rejected; every {@code checkpointEvery} lines, and at the end, the producer is
 * flushed (all acknowledged), the reject file synced, and only then the checkpoint moved.
 */
final class Backfill {

    /**
     * @param file the NDJSON file, plain or gzip
     * @param rejects the reject file
     * @param checkpoint the checkpoint file
     * @param resume whether to continue from the checkpoint
     * @param checkpointEvery lines between checkpoints
     * @param maxRate the most lines validated a second, 0 for no limit
     */
    record Settings(Path file, Path rejects, Path checkpoint, boolean resume, int checkpointEvery, int maxRate) {}

    private final Settings settings;
    private final RecordMapper mapper;
    private final Supplier<EventProducer> producers;
    private final Progress progress;
    private long paceStartNanos;

    Backfill(Settings settings, RecordMapper mapper, Supplier<EventProducer> producers, Progress progress) {
        this.settings = settings;
        this.mapper = mapper;
        this.producers = producers;
        this.progress = progress;
    }

    /**
     * Runs the backfill to the end of the file.
     *
     * @throws IllegalArgumentException if a checkpoint exists without {@code resume}, or does not fit
     * @throws DeliveryFailedException if Kafka did not acknowledge an event; the checkpoint stays before it
     */
    Summary run() throws IOException {
        long startNanos = System.nanoTime();
        long fileBytes = Files.size(settings.file());
        Checkpoint start = startingPoint(Checkpoint.read(settings.checkpoint()), fileBytes);
        long sent = 0;
        long rejected = 0;
        long blank = 0;
        long skipped = 0;
        long lines = 0;
        try (NdjsonInput input = NdjsonInput.open(settings.file());
                RejectFile rejects = RejectFile.open(settings.rejects(), start.rejectsBytes());
                EventProducer producer = producers.get()) {
            if (!settings.resume()) {
                start.write(settings.checkpoint(), settings.file());
            }
            progress.start();
            long sinceCheckpoint = 0;
            NdjsonInput.Line line;
            while ((line = input.next()) != null) {
                lines = line.number();
                if (lines <= start.line()) {
                    skipped++;
                } else {
                    switch (handle(line, rejects, producer)) {
                        case SENT -> sent++;
                        case REJECTED -> rejected++;
                        case BLANK -> blank++;
                    }
                    if (++sinceCheckpoint >= settings.checkpointEvery()) {
                        checkpoint(producer, rejects, fileBytes, lines, false);
                        sinceCheckpoint = 0;
                    }
                    pace(sent + rejected + blank);
                }
                progress.tick(lines, sent + rejected + blank, input.bytesRead(), fileBytes);
            }
            checkpoint(producer, rejects, fileBytes, lines, true);
            progress.finish(lines, sent + rejected + blank, input.bytesRead(), fileBytes);
        }
        return new Summary(lines, skipped, sent, rejected, blank, (System.nanoTime() - startNanos) / 1e9);
    }

    private Checkpoint startingPoint(Optional<Checkpoint> previous, long fileBytes) {
        Path path = settings.checkpoint();
        if (!settings.resume()) {
            if (previous.isPresent()) {
                throw new IllegalArgumentException("a checkpoint of an earlier run exists (" + path + ", line "
                        + previous.get().line() + "): add --resume to continue it, or delete it to start over");
            }
            return new Checkpoint(fileBytes, 0, 0, false);
        }
        Checkpoint checkpoint = previous.orElseThrow(() -> new IllegalArgumentException(
                "--resume: there is no checkpoint " + path + "; run without --resume to start at line 1"));
        if (checkpoint.fileBytes() != fileBytes) {
            throw new IllegalArgumentException("the checkpoint " + path + " was written for a file of "
                    + checkpoint.fileBytes() + " bytes, but " + settings.file() + " has " + fileBytes
                    + ": not the same file");
        }
        return checkpoint;
    }

    private enum Outcome {
        SENT,
        REJECTED,
        BLANK
    }

    private Outcome handle(NdjsonInput.Line line, RejectFile rejects, EventProducer producer) {
        if (line.tooLong()) {
            rejects.add(line.number(), null, List.of("line: longer than " + NdjsonInput.MAX_LINE_BYTES + " bytes"));
            return Outcome.REJECTED;
        }
        if (line.isBlank()) {
            return Outcome.BLANK;
        }
        JsonNode item;
        try {
            item = StrictJson.read(line.bytes(), 0, line.length());
        } catch (JacksonException e) {
            rejects.add(line.number(), null, List.of("line: not valid JSON: " + e.getOriginalMessage()));
            return Outcome.REJECTED;
        }
        MappedBatch mapped = mapper.map(List.of(item));
        if (mapped.accepted().isEmpty()) {
            Rejection rejection = mapped.rejected().get(0);
            rejects.add(line.number(), rejection.eventId(), rejection.errors());
            return Outcome.REJECTED;
        }
        producer.send(mapped.accepted().get(0), line.number());
        return Outcome.SENT;
    }

    /** Moves the checkpoint to {@code line} once everything up to it is acknowledged and on disk. */
    private void checkpoint(EventProducer producer, RejectFile rejects, long fileBytes, long line, boolean complete) {
        producer.flush();
        long rejectsBytes = rejects.sync();
        new Checkpoint(fileBytes, line, rejectsBytes, complete).write(settings.checkpoint(), settings.file());
    }

    /** Holds the rate of validated lines at {@code maxRate} a second, if set. */
    private void pace(long processed) {
        if (settings.maxRate() <= 0) {
            return;
        }
        if (processed == 1) {
            paceStartNanos = System.nanoTime();
        }
        if (processed % 64 == 0) {
            long due = paceStartNanos + processed * 1_000_000_000L / settings.maxRate();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
