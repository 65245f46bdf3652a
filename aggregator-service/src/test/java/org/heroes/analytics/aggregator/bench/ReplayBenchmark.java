package org.heroes.analytics.aggregator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.heroes.analytics.aggregator.AggregatorProcess;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;

/**
 * {@code ReplayBenchmark EVENTS AGGREGATOR_JAR CLI_JAR OUT_JSON}: the replay benchmark
 * ({@code scripts/bench.sh replay}). Three timings in one run, each from the first commit to the last
 * (the live aggregator's in {@code consumer_offsets}, a replay's as its group's Kafka offsets), each
 * process its own JVM with {@code -Xmx512m -XX:+UseParallelGC}:
 *
 * <ol>
 *   <li>live: EVENTS analytics events pre-loaded, the packaged aggregator until all are stored;
 *   <li>replay of the same EVENTS from earliest through the operator CLI: all already stored;
 *   <li>EVENTS new events produced with the live aggregator stopped, replayed from the instant before
 *       them, into event tables emptied first as the live run's were.
 * </ol>
 */
public final class ReplayBenchmark {

    private record Timing(String label, long records, double seconds, double processSeconds) {
        double rate() {
            return records / seconds;
        }
    }

    private static final String EMPTY_EVENT_TABLES =
            "TRUNCATE analytics_events, analytics_hourly_rollup, classroom_watermarks";

    private ReplayBenchmark() {}

    public static void main(String[] args) {
        BenchDriver.exitAfter(() -> measure(args));
    }

    private static void measure(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        Path aggregatorJar = Path.of(args[1]);
        Path cliJar = Path.of(args[2]);
        Path out = Path.of(args[3]);
        HeroesInfrastructure infra = HeroesInfrastructure.get();
        infra.migrate();
        String topic = Topic.ANALYTICS.topicName();

        SinkBenchmark.produce(infra, events, 1, BenchEvents.Shape.UNIFORM);
        Map<TopicPartition, Long> end = SinkBenchmark.endOffsets(infra, topic);
        Timing live;
        try (Connection owner = SinkBenchmark.connect(infra, DbRole.OWNER)) {
            long started = System.nanoTime();
            AggregatorProcess aggregator =
                    SinkBenchmark.startAggregator(infra, aggregatorJar, out.resolveSibling("replay-aggregator.log"));
            try {
                long firstCommit = SinkBenchmark.awaitStored(owner, end, aggregator);
                long now = System.nanoTime();
                live = new Timing(
                        "live aggregator (rows, rollups)", events, (now - firstCommit) / 1e9, (now - started) / 1e9);
            } finally {
                aggregator.terminate();
                aggregator.close();
            }
            long rowsAfterLive = SinkBenchmark.count(owner, "SELECT count(*) FROM analytics_events");

            Timing duplicates = replay(
                    infra,
                    cliJar,
                    "bench-replay-duplicates",
                    "earliest",
                    end,
                    events,
                    "replay, all already stored",
                    out);
            long rowsAfterDuplicates = SinkBenchmark.count(owner, "SELECT count(*) FROM analytics_events");

            // the live run wrote into empty tables; so does the new-events replay, or it would be timed
            // against indexes twice the size (measured: 0.62x instead of about 1x on a quiet machine)
            try (var statement = owner.createStatement()) {
                statement.execute(EMPTY_EVENT_TABLES);
            }
            Instant mark = Instant.now();
            SinkBenchmark.produce(infra, events, 2, BenchEvents.Shape.UNIFORM);
            Map<TopicPartition, Long> endNew = SinkBenchmark.endOffsets(infra, topic);
            Timing fresh =
                    replay(infra, cliJar, "bench-replay-new", mark.toString(), endNew, events, "replay, all new", out);
            long rows = SinkBenchmark.count(owner, "SELECT count(*) FROM analytics_events");
            long rolled =
                    SinkBenchmark.count(owner, "SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup");
            report(out, events, List.of(live, duplicates, fresh), rowsAfterLive, rowsAfterDuplicates, rows, rolled);
        }
    }

    /** Runs {@code heroes replay} as its own JVM; times it by its group's Kafka commits. */
    private static Timing replay(
            HeroesInfrastructure infra,
            Path cliJar,
            String group,
            String from,
            Map<TopicPartition, Long> end,
            long records,
            String label,
            Path out)
            throws Exception {
        Path log = out.resolveSibling(group + ".log");
        var builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx512m",
                        "-XX:+UseParallelGC",
                        "-Daggregator.replay.group-id=" + group,
                        "-jar",
                        cliJar.toString(),
                        "replay",
                        "--topic",
                        Topic.ANALYTICS.topicName(),
                        "--from",
                        from)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(infra.serviceEnvironment(DbRole.WRITER));
        long started = System.nanoTime();
        Process cli = builder.start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            long firstCommit = 0;
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                if (firstCommit == 0 && !committed.isEmpty()) {
                    firstCommit = System.nanoTime();
                }
                boolean done = end.entrySet().stream().allMatch(e -> {
                    OffsetAndMetadata at = committed.get(e.getKey());
                    return at != null && at.offset() >= e.getValue();
                });
                if (done) {
                    long now = System.nanoTime();
                    if (!cli.waitFor(60, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                        throw new IllegalStateException("heroes replay did not end with 0; see " + log);
                    }
                    return new Timing(label, records, (now - firstCommit) / 1e9, (System.nanoTime() - started) / 1e9);
                }
                if (!cli.isAlive()) {
                    throw new IllegalStateException("heroes replay exited with " + cli.exitValue() + "; see " + log);
                }
                TimeUnit.MILLISECONDS.sleep(200); // a benchmark's polling loop, not a test
            }
        } finally {
            cli.destroyForcibly();
        }
    }

    private static void report(
            Path out,
            int events,
            List<Timing> timings,
            long rowsAfterLive,
            long rowsAfterDuplicates,
            long rows,
            long rolled)
            throws IOException {
        double liveRate = timings.get(0).rate();
        var table = new StringBuilder(String.format(
                Locale.ROOT,
                "%-34s %10s %9s %11s %9s %13s%n",
                "run (512 MB heap each)",
                "records",
                "seconds",
                "records/s",
                "vs live",
                "with JVM (s)"));
        for (Timing t : timings) {
            table.append(String.format(
                    Locale.ROOT,
                    "%-34s %10d %9.1f %11.0f %8.2fx %13.1f%n",
                    t.label(),
                    t.records(),
                    t.seconds(),
                    t.rate(),
                    t.rate() / liveRate,
                    t.processSeconds()));
        }
        table.append(String.format(
                Locale.ROOT,
                "goals: all-stored replay >= 2x live, new-events replay >= 1x live.  rows: %d after live, %d after the"
                        + " all-stored replay, %d written by the new-events replay (tables emptied before it);"
                        + " counted in rollup %d%n",
                rowsAfterLive,
                rowsAfterDuplicates,
                rows,
                rolled));
        System.out.print(table);
        StringBuilder json = new StringBuilder("{\"benchmark\":\"replay\",\"events\":" + events + ",\"runs\":[");
        for (int i = 0; i < timings.size(); i++) {
            Timing t = timings.get(i);
            json.append(i == 0 ? "" : ",")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"run\":\"%s\",\"records\":%d,\"seconds\":%.3f,\"recordsPerSecond\":%.0f,\"ratioToLive\":%.3f}",
                            t.label(),
                            t.records(),
                            t.seconds(),
                            t.rate(),
                            t.rate() / liveRate));
        }
        json.append(String.format(
                Locale.ROOT,
                "],\"rowsAfterLive\":%d,\"rowsAfterStoredReplay\":%d,\"rows\":%d,\"rolledUp\":%d,\"heap\":\"512m\"}%n",
                rowsAfterLive,
                rowsAfterDuplicates,
                rows,
                rolled));
        Files.createDirectories(out.getParent());
        Files.writeString(out, json.toString());
    }
}
