package org.heroes.analytics.cli.backfill;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.heroes.analytics.eventsjson.RecordMapper;
import org.heroes.analytics.schemas.RetentionFloor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code heroes backfill FILE}: history from a file onto the topics, validated as the live API validates. */
@Command(
        name = "backfill",
        mixinStandardHelpOptions = true,
        description = {
            "Loads events from FILE (NDJSON, one event a line, plain or gzip) onto the Kafka topics.",
            "Each line is one item of POST /v1/events (kind analytics, progress or feedback) and is validated"
                    + " exactly as the ingest API validates it, but a field its kind does not have rejects the"
                    + " line (the API drops it). Roster kinds are"
                    + " rejected: they go through POST /v1/roster. Blank lines are skipped; a line that is not"
                    + " valid JSON is rejected.",
            "Rejected lines go to the reject file as {\"line\": N, \"reasons\": [...], \"eventId\": ...}.",
            "A checkpoint is written every --checkpoint-every lines once Kafka acknowledged them; after a"
                    + " crash, --resume continues from it. Lines after the checkpoint are sent again; the"
                    + " aggregator stores each eventId once.",
            "Exit 0 when the whole file is done (rejects included), 2 on a failure (one line on stderr)."
        })
public final class BackfillCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE", description = "The NDJSON file, plain or gzip (told by its content).")
    Path file;

    @Option(
            names = "--rejects",
            paramLabel = "PATH",
            description = "Where rejected lines go (default FILE.rejects.ndjson).")
    Path rejects;

    @Option(
            names = "--checkpoint",
            paramLabel = "PATH",
            description = "The checkpoint file (default: the reject file's path + .checkpoint).")
    Path checkpoint;

    @Option(
            names = "--resume",
            description = "Continue from the checkpoint of an interrupted run; without it, an existing checkpoint"
                    + " is refused.")
    boolean resume;

    @Option(
            names = "--kafka-bootstrap",
            paramLabel = "HOST:PORT",
            defaultValue = "${env:HEROES_KAFKA_BOOTSTRAP:-127.0.0.1:19092}",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String kafkaBootstrap;

    @Option(
            names = "--checkpoint-every",
            paramLabel = "LINES",
            defaultValue = "10000",
            description = "Lines between checkpoints (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(
            names = "--max-rate",
            paramLabel = "LINES",
            defaultValue = "0",
            description = "The most lines a second, to spare live traffic; 0 for no limit (default ${DEFAULT-VALUE}).")
    int maxRate;

    @Option(
            names = "--max-future-skew",
            paramLabel = "DURATION",
            defaultValue = "PT5M",
            description = "How far in the future occurredAt may lie, as the ingest API's"
                    + " ingest.limits.max-future-skew (default ${DEFAULT-VALUE}).")
    Duration maxFutureSkew;

    @Option(
            names = "--retention-age",
            paramLabel = "DURATION",
            defaultValue = "${env:HEROES_RETENTION_AGE:-P400D}",
            description = "Lines whose occurredAt lies further in the past go to the reject file: the aggregator"
                    + " deletes raw events that old and skips them; must equal its aggregator.retention.age"
                    + " (default ${DEFAULT-VALUE}; docs/data-retention.md).")
    Duration retentionAge;

    @Option(
            names = "--allow-short-retention",
            defaultValue = "${env:HEROES_RETENTION_ALLOW_SHORT:-false}",
            description = "Take a --retention-age below 30 days, as the aggregator's HEROES_RETENTION_ALLOW_SHORT"
                    + " (default ${DEFAULT-VALUE}): without it, such an age is refused as a likely typo.")
    boolean allowShortRetention;

    @Option(
            names = "--delivery-timeout",
            paramLabel = "DURATION",
            defaultValue = "PT2M",
            description =
                    "How long Kafka may take to acknowledge an event, retries included (default ${DEFAULT-VALUE}).")
    Duration deliveryTimeout;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        if (checkpointEvery < 1 || maxRate < 0) {
            throw new IllegalArgumentException("--checkpoint-every must be at least 1 and --max-rate at least 0");
        }
        if (retentionAge.isNegative() || retentionAge.isZero()) {
            throw new IllegalArgumentException("--retention-age must be positive");
        }
        RetentionFloor.check(
                retentionAge,
                allowShortRetention,
                "--retention-age (" + RetentionFloor.AGE_VARIABLE + ")",
                "--allow-short-retention or " + RetentionFloor.OVERRIDE_VARIABLE + "=true");
        if (maxFutureSkew.isNegative() || deliveryTimeout.toMillis() < 1_000) {
            throw new IllegalArgumentException(
                    "--max-future-skew must not be negative and --delivery-timeout at least PT1S");
        }
        Path rejectFile = rejects != null ? rejects : file.resolveSibling(file.getFileName() + ".rejects.ndjson");
        Path checkpointFile =
                checkpoint != null ? checkpoint : rejectFile.resolveSibling(rejectFile.getFileName() + ".checkpoint");
        Backfill backfill = new Backfill(
                new Backfill.Settings(file, rejectFile, checkpointFile, resume, checkpointEvery, maxRate),
                RecordMapper.history(Clock.systemUTC(), maxFutureSkew, retentionAge),
                () -> new EventProducer(kafkaBootstrap, deliveryTimeout),
                new Progress(System.err, System.console() != null));
        Summary summary = backfill.run();
        System.out.println(summary.describe(rejectFile.toString()));
        return 0;
    }
}
