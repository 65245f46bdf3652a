package org.heroes.analytics.aggregator.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.heroes.analytics.aggregator.AggregatorProcess;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;

/**
 * {@code ScaleBenchmark EVENTS MAX_INSTANCES JAR OUT_JSON}: the scale benchmark
 * ({@code scripts/bench.sh scale}). For n = 1 … MAX_INSTANCES, in one run: n packaged aggregators (one
 * consumer each, {@code -Xmx384m}) join a consumer group of their own; once every one holds partitions,
 * EVENTS new analytics events are produced and timed from the group's first commit until every
 * partition's stored offset reaches its end, into event tables emptied first (as each run's are).
 * Per instance: the records of the partitions it held over the time until its last one was stored.
 * Ratios are against the 1-instance run of the same invocation.
 *
 * <p>The events are produced after the group has formed rather than pre-loaded because a pre-loaded
 * topic is drained by the first instance to join while the others still start: the figure would mix
 * 1 and n instances. The producer (about 10× the aggregator's rate) stays ahead of the group.
 */
public final class ScaleBenchmark {

    private record Instance(String member, List<TopicPartition> partitions, long records, double seconds) {
        double rate() {
            return records / seconds;
        }
    }

    private record Run(int instances, long records, double seconds, List<Instance> members) {
        double rate() {
            return records / seconds;
        }
    }

    private static final String EMPTY_EVENT_TABLES =
            "TRUNCATE analytics_events, analytics_hourly_rollup, classroom_watermarks";

    private static final String STORED = """
            SELECT kafka_partition, next_offset FROM consumer_offsets WHERE consumer_group = ? AND topic = ?
            """;

    private ScaleBenchmark() {}

    public static void main(String[] args) {
        BenchDriver.exitAfter(() -> measure(args));
    }

    private static void measure(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        int maxInstances = Integer.parseInt(args[1]);
        Path jar = Path.of(args[2]);
        Path out = Path.of(args[3]);
        HeroesInfrastructure infra = HeroesInfrastructure.get();
        infra.migrate();
        List<Run> runs = new ArrayList<>();
        try (Connection owner = SinkBenchmark.connect(infra, DbRole.OWNER);
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            for (int n = 1; n <= maxInstances; n++) {
                try (var statement = owner.createStatement()) {
                    statement.execute(EMPTY_EVENT_TABLES);
                }
                runs.add(run(infra, admin, owner, jar, n, events, out));
            }
        }
        report(out, events, runs);
    }

    private static Run run(
            HeroesInfrastructure infra, Admin admin, Connection owner, Path jar, int n, int events, Path out)
            throws Exception {
        String group = "bench-scale-" + n + "-" + System.nanoTime();
        String topic = Topic.ANALYTICS.topicName();
        Map<String, String> environment = new HashMap<>(infra.serviceEnvironment(DbRole.WRITER));
        environment.put("HEROES_AGGREGATOR_CONCURRENCY", "1");
        List<AggregatorProcess> instances = new ArrayList<>();
        try {
            for (int i = 1; i <= n; i++) {
                instances.add(AggregatorProcess.start(
                        jar,
                        environment,
                        "384m",
                        out.resolveSibling("scale-" + n + "-" + i + ".log"),
                        List.of(
                                "--spring.kafka.consumer.group-id=" + group,
                                // join at the end: only the events produced below are timed
                                "--spring.kafka.consumer.auto-offset-reset=latest")));
            }
            List<MemberDescription> members = awaitMembersWithPartitions(admin, group, n, instances);
            Map<TopicPartition, Long> start = SinkBenchmark.endOffsets(infra, topic);
            SinkBenchmark.produce(infra, events, 100 + n, BenchEvents.Shape.UNIFORM);
            Map<TopicPartition, Long> end = SinkBenchmark.endOffsets(infra, topic);
            Map<Integer, Long> reached = new HashMap<>();
            long firstCommit = 0;
            while (reached.size() < end.size()) {
                Map<Integer, Long> stored = stored(owner, group, topic);
                long now = System.nanoTime();
                if (firstCommit == 0 && !stored.isEmpty()) {
                    firstCommit = now;
                }
                end.forEach((p, last) -> {
                    if (stored.getOrDefault(p.partition(), -1L) >= last) {
                        reached.putIfAbsent(p.partition(), now);
                    }
                });
                for (AggregatorProcess instance : instances) {
                    if (!instance.isAlive()) {
                        throw new IllegalStateException("an aggregator exited; see " + instance.log());
                    }
                }
                TimeUnit.MILLISECONDS.sleep(100); // a benchmark's polling loop, not a test
            }
            long first = firstCommit;
            long records = end.entrySet().stream()
                    .mapToLong(e -> e.getValue() - start.get(e.getKey()))
                    .sum();
            long last =
                    reached.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            List<Instance> perInstance = members.stream()
                    .map(m -> {
                        List<TopicPartition> held = m.assignment().topicPartitions().stream()
                                .filter(p -> p.topic().equals(topic))
                                .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                                .toList();
                        long own = held.stream()
                                .mapToLong(p -> end.get(p) - start.get(p))
                                .sum();
                        long done = held.stream()
                                .mapToLong(p -> reached.get(p.partition()))
                                .max()
                                .orElse(first);
                        return new Instance(m.clientId(), held, own, Math.max(done - first, 1) / 1e9);
                    })
                    .toList();
            return new Run(n, records, (last - first) / 1e9, perInstance);
        } finally {
            instances.forEach(AggregatorProcess::terminate);
        }
    }

    private static List<MemberDescription> awaitMembersWithPartitions(
            Admin admin, String group, int n, List<AggregatorProcess> instances) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            List<MemberDescription> all = members(admin, group);
            List<MemberDescription> members = all.stream()
                    .filter(m -> !m.assignment().topicPartitions().isEmpty())
                    .toList();
            if (members.size() == n && all.size() == n) {
                return members;
            }
            for (AggregatorProcess instance : instances) {
                if (!instance.isAlive()) {
                    throw new IllegalStateException("an aggregator exited; see " + instance.log());
                }
            }
            TimeUnit.MILLISECONDS.sleep(500); // a benchmark's polling loop, not a test
        }
        throw new IllegalStateException("the group " + group + " did not reach " + n + " members with partitions");
    }

    /** The group's members; none before the first one joined. */
    private static List<MemberDescription> members(Admin admin, String group) throws Exception {
        try {
            return List.copyOf(admin.describeConsumerGroups(List.of(group))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .get(group)
                    .members());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            throw e;
        }
    }

    private static Map<Integer, Long> stored(Connection owner, String group, String topic) throws Exception {
        Map<Integer, Long> stored = new HashMap<>();
        try (var statement = owner.prepareStatement(STORED)) {
            statement.setString(1, group);
            statement.setString(2, topic);
            try (var rs = statement.executeQuery()) {
                while (rs.next()) {
                    stored.put(rs.getInt(1), rs.getLong(2));
                }
            }
        }
        return stored;
    }

    private static void report(Path out, int events, List<Run> runs) throws IOException {
        double baseline = runs.get(0).rate();
        var table = new StringBuilder(String.format(
                Locale.ROOT,
                "%-10s %10s %9s %12s %9s   %s%n",
                "instances",
                "records",
                "seconds",
                "records/s",
                "vs 1",
                "per instance: analytics partitions held, records/s"));
        var json = new StringBuilder("{\"benchmark\":\"scale\",\"events\":" + events + ",\"runs\":[");
        for (Run run : runs) {
            var members = new StringBuilder();
            var membersJson = new StringBuilder();
            for (Instance instance : run.members()) {
                members.append(String.format(
                        Locale.ROOT,
                        "%s%s %.0f",
                        members.isEmpty() ? "" : "; ",
                        instance.partitions().stream()
                                .map(p -> "p" + p.partition())
                                .toList(),
                        instance.rate()));
                membersJson.append(String.format(
                        Locale.ROOT,
                        "%s{\"partitions\":%d,\"records\":%d,\"seconds\":%.3f,\"recordsPerSecond\":%.0f}",
                        membersJson.isEmpty() ? "" : ",",
                        instance.partitions().size(),
                        instance.records(),
                        instance.seconds(),
                        instance.rate()));
            }
            table.append(String.format(
                    Locale.ROOT,
                    "%-10d %10d %9.1f %12.0f %8.2fx   %s%n",
                    run.instances(),
                    run.records(),
                    run.seconds(),
                    run.rate(),
                    run.rate() / baseline,
                    members));
            json.append(run.instances() == 1 ? "" : ",")
                    .append(String.format(
                            Locale.ROOT,
                            "{\"instances\":%d,\"records\":%d,\"seconds\":%.3f,\"recordsPerSecond\":%.0f,"
                                    + "\"ratioToOne\":%.3f,\"members\":[%s]}",
                            run.instances(),
                            run.records(),
                            run.seconds(),
                            run.rate(),
                            run.rate() / baseline,
                            membersJson));
        }
        json.append(String.format(Locale.ROOT, "],\"heap\":\"384m\",\"concurrencyPerInstance\":1}%n"));
        System.out.print(table);
        Files.createDirectories(out.getParent());
        Files.writeString(out, json.toString());
    }
}
