package org.heroes.analytics.cli.bench;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.client.IngestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures freshness: how long after ingest accepted a batch (its 202, after Kafka's acks=all) the query API counts
 * it. First ingest's maximum rate, as fast as it answers for a while (unless {@code --rate} is given); then, once
 * that is all counted, a fixed rate of half of it, while the query API is asked, classroom by classroom, how many
 * events it counts. Prints a table, writes JSON.
 */
@Command(
        name = "bench-freshness",
        mixinStandardHelpOptions = true,
        description = "Freshness benchmark: from ingest's 202 to the query API counting the events, at half of"
                + " ingest's maximum rate measured in the same run.")
public final class BenchFreshnessCommand implements Callable<Integer> {

    @Mixin
    LoadOptions load;

    @Option(names = "--query-url", defaultValue = "${env:HEROES_QUERY_URL:-http://127.0.0.1:8082}")
    URI queryUrl;

    @Option(names = "--classrooms", defaultValue = "16", description = "Classrooms (default ${DEFAULT-VALUE}).")
    int classrooms;

    @Option(
            names = "--connections",
            defaultValue = "4",
            description = "Sending connections (default ${DEFAULT-VALUE}).")
    int connections;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "Events per second of the measured phase; 0 (default): half of the maximum measured first.")
    double rate;

    @Option(
            names = "--probe-seconds",
            defaultValue = "20",
            description = "How long ingest's maximum is measured (default ${DEFAULT-VALUE}); it also warms up.")
    int probeSeconds;

    @Option(names = "--seconds", defaultValue = "60", description = "The measured phase (default ${DEFAULT-VALUE}).")
    int seconds;

    @Option(
            names = "--poll-interval-ms",
            defaultValue = "100",
            description = "Each classroom asked at most this often (default ${DEFAULT-VALUE}); a batch's figure is"
                    + " late by up to that.")
    int pollIntervalMs;

    @Option(names = "--pollers", defaultValue = "2", description = "Polling connections (default ${DEFAULT-VALUE}).")
    int pollers;

    /** The longest wait for what was sent to be counted, after a phase. */
    private static final Duration DRAIN = Duration.ofMinutes(5);

    private final PrintStream out = System.out;
    private final PrintStream progress = System.err;

    @Override
    public Integer call() throws Exception {
        if (classrooms < connections || classrooms < pollers || load.batch < 1 || seconds < 1 || probeSeconds < 1) {
            throw new IllegalArgumentException(
                    "--classrooms must be at least --connections and --pollers; --batch, --seconds and"
                            + " --probe-seconds positive");
        }
        TokenIssuer tokens = TokenIssuer.fromEnvironment();
        String serviceToken = tokens.serviceToken(Duration.ofHours(1));
        UUID facilitator = UUID.randomUUID();
        IngestClient ingest = load.ingest(() -> serviceToken, false);
        Instant start = Instant.now();
        QueryCounts counts = new QueryCounts(
                load.http(),
                queryUrl,
                tokens.facilitatorToken(facilitator, Duration.ofHours(2)),
                start.minus(Duration.ofDays(1)),
                start.plus(Duration.ofDays(1)));
        List<ClassroomStream> streams = roster(ingest, facilitator, start);
        awaitListed(counts, streams);

        PacedSenders senders = new PacedSenders(ingest, streams, connections, load.batch);
        try (VisibilityPoller poller =
                new VisibilityPoller(counts, streams, Duration.ofMillis(pollIntervalMs), pollers)) {
            double maximum = Double.NaN;
            double target = rate;
            if (rate <= 0) {
                progress.printf("measuring ingest's maximum rate for %d s%n", probeSeconds);
                maximum = senders.run(Duration.ofSeconds(probeSeconds), 0).perSecond();
                target = maximum / 2;
                progress.printf(
                        Locale.ROOT, "maximum %.0f events/s; waiting until the query API counts it all%n", maximum);
                if (!poller.awaitCounted(DRAIN)) {
                    throw new IllegalStateException("the probe's events were not all counted within " + DRAIN);
                }
            }
            poller.record();
            progress.printf(Locale.ROOT, "sending %.0f events/s for %d s%n", target, seconds);
            PacedSenders.Sent sent = senders.run(Duration.ofSeconds(seconds), target);
            boolean all = poller.awaitCounted(DRAIN);
            report(maximum, target, sent, new Percentiles(poller.latencies()), all, poller.polls());
        }
        return 0;
    }

    /** One facilitator and their classrooms, through the roster API; a stream per classroom. */
    private List<ClassroomStream> roster(IngestClient ingest, UUID facilitator, Instant now) throws Exception {
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(Map.of(
                "kind",
                "facilitator",
                "eventId",
                UUID.randomUUID().toString(),
                "occurredAt",
                now.toString(),
                "facilitatorId",
                facilitator.toString(),
                "email",
                "freshness@bench.example",
                "organization",
                "Benchmark",
                "active",
                true));
        List<ClassroomStream> streams = new ArrayList<>();
        for (int c = 0; c < classrooms; c++) {
            String id = UUID.randomUUID().toString();
            records.add(Map.of(
                    "kind",
                    "classroom",
                    "eventId",
                    UUID.randomUUID().toString(),
                    "occurredAt",
                    now.toString(),
                    "classroomId",
                    id,
                    "facilitatorId",
                    facilitator.toString(),
                    "name",
                    "Freshness " + (c + 1),
                    "classroomCode",
                    "FRESH-%03d".formatted(c + 1),
                    "active",
                    true,
                    "timeZone",
                    "UTC"));
            streams.add(new ClassroomStream(id));
        }
        if (ingest.sendRoster(records).accepted() != records.size()) {
            throw new IllegalStateException("the roster was not accepted whole");
        }
        return streams;
    }

    /** Waits until the query API lists every classroom (the aggregator wrote the roster). */
    private static void awaitListed(QueryCounts counts, List<ClassroomStream> streams) throws Exception {
        List<String> ids = streams.stream().map(ClassroomStream::classroomId).toList();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!counts.listed().containsAll(ids)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the query API did not list the benchmark's classrooms in 2 min");
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    private void report(
            double maximum, double target, PacedSenders.Sent sent, Percentiles latency, boolean all, long polls)
            throws Exception {
        out.printf(
                Locale.ROOT,
                "%nfreshness: ingest's 202 → counted by the query API (%d classrooms, batches of %d, %d connections)%n",
                classrooms,
                load.batch,
                connections);
        out.printf("%-40s %10s %9s %8s %8s %8s%n", "", "events/s", "batches", "p50 ms", "p99 ms", "max ms");
        if (!Double.isNaN(maximum)) {
            out.printf(Locale.ROOT, "%-40s %,10.0f%n", "ingest's maximum (" + probeSeconds + " s)", maximum);
        }
        out.printf(
                Locale.ROOT,
                "%-40s %,10.0f %9d %8.0f %8.0f %8.0f%n",
                "at %.0f events/s for %d s (sent)".formatted(target, seconds),
                sent.perSecond(),
                latency.size(),
                latency.at(50),
                latency.at(99),
                latency.at(100));
        out.printf(
                Locale.ROOT,
                "each classroom asked at most every %d ms (%d answers): a figure is late by up to that%s%n",
                pollIntervalMs,
                polls,
                all ? "" : "; NOT every batch was counted within " + DRAIN);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "freshness");
        figures.put("classrooms", classrooms);
        figures.put("batch", load.batch);
        figures.put("connections", connections);
        figures.put("maximumEventsPerSecond", Double.isNaN(maximum) ? null : Math.round(maximum));
        figures.put("targetEventsPerSecond", Math.round(target));
        figures.put("sentEventsPerSecond", Math.round(sent.perSecond()));
        figures.put("batchesCounted", latency.size());
        figures.put("everyBatchCounted", all);
        Map<String, Long> millis = new LinkedHashMap<>();
        if (latency.size() > 0) {
            millis.put("p50", Math.round(latency.at(50)));
            millis.put("p99", Math.round(latency.at(99)));
            millis.put("max", Math.round(latency.at(100)));
        }
        figures.put("acceptedToCountedMillis", millis);
        figures.put("pollIntervalMillis", pollIntervalMs);
        figures.put("measuredAt", Instant.now().toString());
        load.writeJson(figures);
    }
}
