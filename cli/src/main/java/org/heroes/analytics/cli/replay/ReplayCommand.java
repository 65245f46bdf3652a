package org.heroes.analytics.cli.replay;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.heroes.analytics.cli.store.StoreContext;
import org.heroes.analytics.store.replay.Replay;
import org.heroes.analytics.store.replay.ReplayRequest;
import org.heroes.analytics.store.replay.ReplaySummary;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Replays a topic range through the aggregator's own writer: checks the flags first (one line and
 * exit 2 when wrong, before anything starts), then starts the CLI's store context ({@code StoreContext}: the
 * store library's writer and replay, no web server, no migration, no live listener), runs the replay with a progress
 * bar on stderr and prints the summary on stdout.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        description = {
            "Re-reads a topic range into the database through the aggregator's own writer, in a consumer group of"
                    + " its own (aggregator.replay.group-id, default heroes-replay), safely beside live traffic:"
                    + " events already stored and older progress or roster records change nothing.",
            "Reads the aggregator's variables: HEROES_PG_HOST, HEROES_PGBOUNCER_PORT, HEROES_PG_WRITER_PASSWORD,"
                    + " HEROES_KAFKA_BOOTSTRAP."
        })
public final class ReplayCommand implements Callable<Integer> {

    @Option(
            names = "--topic",
            required = true,
            paramLabel = "NAME|all",
            description = "A topic (heroes.analytics-events.v1, or analytics, progress, feedback, roster) or all.")
    String topic;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "earliest|INSTANT",
            description = "earliest, or the first record timestamp to replay: 2026-11-26T09:00:00Z,"
                    + " 2026-11-26T10:00:00+01:00 or 2026-11-26 (midnight UTC).")
    String from;

    @Option(
            names = "--to",
            paramLabel = "INSTANT",
            description =
                    "Stop at the first record at or after this timestamp (default: the end as the replay starts).")
    String to;

    @Option(
            names = "--dry-run",
            description = "Write each batch in a transaction that is rolled back and publish no dead letter:"
                    + " exact counts, nothing changes.")
    boolean dryRun;

    @Option(names = "--verbose", description = "The aggregator's logs at INFO (default: warnings only).")
    boolean verbose;

    @Override
    public Integer call() {
        ReplayRequest request = ReplayRequest.parse(topic, from, to, dryRun);
        try (ConfigurableApplicationContext context = StoreContext.start(verbose)) {
            Replay replay = context.getBean(Replay.class);
            var bar = new ProgressPrinter(System.err, System.console() != null);
            ReplaySummary summary = replay.run(request, bar::show);
            bar.finish();
            print(System.out, request, replay.groupId(), summary);
        }
        return 0;
    }

    static void print(PrintStream out, ReplayRequest request, String group, ReplaySummary summary) {
        String would = summary.dryRun() ? "would be " : "";
        out.printf(
                Locale.ROOT,
                "replay of %s from %s to %s in group %s%s%n",
                String.join(", ", request.topics()),
                request.from() == null ? "earliest" : request.from(),
                request.to() == null ? "the end at start" : request.to(),
                group,
                summary.dryRun() ? " (dry run: nothing written)" : "");
        out.printf(Locale.ROOT, "  %-36s %,12d%n", "read", summary.read());
        out.printf(Locale.ROOT, "  %-36s %,12d%n", would + "inserted", summary.inserted());
        out.printf(Locale.ROOT, "  %-36s %,12d%n", "duplicates skipped (already stored)", summary.duplicatesSkipped());
        out.printf(Locale.ROOT, "  %-36s %,12d%n", would + "dead-lettered", summary.deadLettered());
        out.printf(Locale.ROOT, "  %-36s %,12d%n", "progress/roster (latest wins)", summary.latestWins());
        out.printf(Locale.ROOT, "  %-36s %,12d%n", would + "held for the roster", summary.held());
        out.printf(Locale.ROOT, "  %-36s %12.1f  (%,.0f records/s)%n", "seconds", summary.seconds(), summary.rate());
    }
}
