package org.heroes.analytics.aggregator.bench;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.heroes.analytics.aggregator.AggregatorProcess;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.postgresql.PGConnection;

/**
 * {@code SinkBenchmark EVENTS JAR OUT_JSON SHAPE}: see the package documentation. Events are analytics
 * events of 200 classrooms over 30 days in one of {@link BenchEvents}' shapes, 2 % sent twice.
 */
public final class SinkBenchmark {

    private static final String COPY_OUT = """
            COPY (SELECT event_id, classroom_id, student_id, event_type, event_category, event_value, properties,
                         "timestamp", received_at FROM analytics_events) TO STDOUT
            """;

    private static final String COPY_IN = """
            COPY bench_copy_analytics_events (event_id, classroom_id, student_id, event_type, event_category,
                                              event_value, properties, "timestamp", received_at) FROM STDIN
            """;

    private SinkBenchmark() {}

    public static void main(String[] args) {
        BenchDriver.exitAfter(() -> measure(args));
    }

    private static void measure(String[] args) throws Exception {
        int events = Integer.parseInt(args[0]);
        Path jar = Path.of(args[1]);
        Path out = Path.of(args[2]);
        BenchEvents.Shape shape = BenchEvents.Shape.valueOf(args[3].toUpperCase(Locale.ROOT));
        HeroesInfrastructure infra = HeroesInfrastructure.get();
        infra.migrate();
        Topic topic = Topic.ANALYTICS;
        long produced = produce(infra, events, 1, shape);
        Map<TopicPartition, Long> end = endOffsets(infra, topic.topicName());

        long started = System.nanoTime();
        AggregatorProcess aggregator = startAggregator(infra, jar, out.resolveSibling("sink-aggregator.log"));
        try (Connection owner = connect(infra, DbRole.OWNER)) {
            long firstCommit = awaitStored(owner, end, aggregator);
            double withStartSeconds = (System.nanoTime() - started) / 1e9;
            double sinkSeconds = withStartSeconds - (firstCommit - started) / 1e9;
            aggregator.terminate();
            long rows = count(owner, "SELECT count(*) FROM analytics_events");
            long rolled = count(owner, "SELECT coalesce(sum(event_count), 0) FROM analytics_hourly_rollup");

            String data = copyOut(owner);
            double copySeconds = copyIntoFreshTable(List.of(owner), List.of(data));
            double twoStreamSeconds;
            try (Connection second = connect(infra, DbRole.OWNER)) {
                twoStreamSeconds = copyIntoFreshTable(List.of(owner, second), halves(data));
            }
            System.out.printf(
                    Locale.ROOT,
                    "aggregator: %.1f s including its JVM start, %.1f s from its first commit%n",
                    withStartSeconds,
                    sinkSeconds);
            report(out, shape, events, produced, rows, rolled, sinkSeconds, copySeconds, twoStreamSeconds);
        } finally {
            aggregator.close();
        }
    }

    /** The roster of the events' students, as the main app would have sent it before the term (ADR 0021). */
    private static final String ROSTER = """
            INSERT INTO students (id, classroom_id, anonymous_id, is_active, created_at, updated_at)
            SELECT s, c, 'bench', true, now(), now() FROM unnest(?::uuid[], ?::uuid[]) AS r(s, c)
            ON CONFLICT (id) DO NOTHING
            """;

    /**
     * Produces {@code events} analytics events of the shape (2 % sent twice), all new for each {@code seed}, and puts
     * their students on the roster (straight into {@code students}, before the aggregator runs): events of students
     * on no roster would be held, not written (ADR 0021).
     */
    static long produce(HeroesInfrastructure infra, int events, long seed, BenchEvents.Shape shape)
            throws SQLException {
        Map<String, String> students = new HashMap<>();
        long[] sent = {0};
        EventCodec codec = EventCodec.create();
        try (var producer = new KafkaProducer<>(
                Map.<String, Object>of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        infra.kafkaBootstrap(),
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        20,
                        ProducerConfig.BATCH_SIZE_CONFIG,
                        262144,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4"),
                new StringSerializer(),
                new ByteArraySerializer())) {
            BenchEvents.generate(shape, events, seed, event -> {
                producer.send(new ProducerRecord<>(
                        Topic.ANALYTICS.topicName(), EventKind.of(event).key(event), codec.encode(event)));
                if (event.getStudentId() != null) {
                    students.put(event.getStudentId(), event.getClassroomId());
                }
                sent[0]++;
            });
            producer.flush();
        }
        try (Connection owner = connect(infra, DbRole.OWNER);
                var roster = owner.prepareStatement(ROSTER)) {
            List<Map.Entry<String, String>> placed = List.copyOf(students.entrySet());
            roster.setArray(
                    1,
                    owner.createArrayOf(
                            "uuid", placed.stream().map(Map.Entry::getKey).toArray()));
            roster.setArray(
                    2,
                    owner.createArrayOf(
                            "uuid", placed.stream().map(Map.Entry::getValue).toArray()));
            roster.executeUpdate();
        }
        return sent[0];
    }

    static Map<TopicPartition, Long> endOffsets(HeroesInfrastructure infra, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            var partitions = admin.describeTopics(List.of(topic))
                    .allTopicNames()
                    .get()
                    .get(topic)
                    .partitions();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) -> end.put(p, info.offset()));
            return end;
        }
    }

    /** The packaged aggregator with its defaults (3 consumers), {@code -Xmx512m}, the parallel GC. */
    static AggregatorProcess startAggregator(HeroesInfrastructure infra, Path jar, Path log) {
        return AggregatorProcess.start(jar, infra.serviceEnvironment(DbRole.WRITER), "512m", log, List.of());
    }

    /** Waits until every partition's stored offset reaches its end; answers when the first batch committed. */
    static long awaitStored(Connection db, Map<TopicPartition, Long> end, AggregatorProcess aggregator)
            throws SQLException, InterruptedException {
        long firstCommit = 0;
        while (true) {
            if (firstCommit == 0 && count(db, "SELECT count(*) FROM consumer_offsets") > 0) {
                firstCommit = System.nanoTime();
            }
            boolean done = true;
            for (var entry : end.entrySet()) {
                long stored = count(
                        db,
                        "SELECT coalesce(max(next_offset), 0) FROM consumer_offsets WHERE topic = '"
                                + entry.getKey().topic() + "' AND kafka_partition = "
                                + entry.getKey().partition());
                done &= stored >= entry.getValue();
            }
            if (done) {
                return firstCommit == 0 ? System.nanoTime() : firstCommit;
            }
            if (!aggregator.isAlive()) {
                throw new IllegalStateException("the aggregator exited; see " + aggregator.log());
            }
            TimeUnit.MILLISECONDS.sleep(200); // a benchmark's polling loop, not a test
        }
    }

    /** The stored rows, as COPY's text. */
    private static String copyOut(Connection owner) throws SQLException, IOException {
        var rows = new StringWriter();
        owner.unwrap(PGConnection.class).getCopyAPI().copyOut(COPY_OUT, rows);
        return rows.toString();
    }

    /** {@code data}'s lines in two halves, each whole lines. */
    private static List<String> halves(String data) {
        int middle = data.indexOf('\n', data.length() / 2) + 1;
        return List.of(data.substring(0, middle), data.substring(middle));
    }

    /**
     * COPY of the rows into a fresh table with the same columns, constraints and indexes, one stream per connection
     * given, all at once (two streams: the most two cores can write): the seconds until the last stream ends.
     */
    private static double copyIntoFreshTable(List<Connection> streams, List<String> parts) throws Exception {
        try (var statement = streams.get(0).createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_copy_analytics_events");
            statement.execute("CREATE TABLE bench_copy_analytics_events (LIKE analytics_events INCLUDING ALL)");
        }
        ExecutorService threads = Executors.newFixedThreadPool(parts.size());
        try {
            long started = System.nanoTime();
            List<Future<Long>> copies = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                var copy = streams.get(i).unwrap(PGConnection.class).getCopyAPI();
                String part = parts.get(i);
                copies.add(threads.submit(() -> copy.copyIn(COPY_IN, new StringReader(part))));
            }
            for (Future<Long> copy : copies) {
                copy.get();
            }
            return (System.nanoTime() - started) / 1e9;
        } finally {
            threads.shutdownNow();
            try (var statement = streams.get(0).createStatement()) {
                statement.execute("DROP TABLE bench_copy_analytics_events");
            }
        }
    }

    private static void report(
            Path out,
            BenchEvents.Shape shape,
            int events,
            long produced,
            long rows,
            long rolled,
            double sinkSeconds,
            double copySeconds,
            double twoStreamSeconds)
            throws IOException {
        double sinkRate = rows / sinkSeconds;
        double copyRate = rows / copySeconds;
        double twoStreamRate = rows / twoStreamSeconds;
        String table = String.format(
                Locale.ROOT,
                """
                %-44s %12s %10s %12s
                %-44s %12d %10.1f %12.0f
                %-44s %12d %10.1f %12.0f
                %-44s %12d %10.1f %12.0f
                aggregator / COPY: %.0f %%, / two-stream COPY: %.0f %%   (events sent %d, distinct rows %d, \
                counted in rollup %d, shape %s)
                """,
                "method",
                "rows",
                "seconds",
                "rows/s",
                "aggregator from 1st commit (rollups, 512 MB)",
                rows,
                sinkSeconds,
                sinkRate,
                "COPY into fresh table, same indexes (direct)",
                rows,
                copySeconds,
                copyRate,
                "COPY, two streams at once, same indexes",
                rows,
                twoStreamSeconds,
                twoStreamRate,
                100 * sinkRate / copyRate,
                100 * sinkRate / twoStreamRate,
                produced,
                rows,
                rolled,
                shape.name().toLowerCase(Locale.ROOT));
        System.out.print(table);
        Files.createDirectories(out.getParent());
        Files.writeString(
                out,
                String.format(
                        Locale.ROOT,
                        "{\"benchmark\":\"sink\",\"shape\":\"%s\",\"events\":%d,\"rows\":%d,\"rolledUp\":%d,"
                                + "\"aggregator\":{\"seconds\":%.3f,\"rowsPerSecond\":%.0f,\"heap\":\"512m\"},"
                                + "\"copy\":{\"seconds\":%.3f,\"rowsPerSecond\":%.0f},\"ratio\":%.3f,"
                                + "\"copyTwoStreams\":{\"seconds\":%.3f,\"rowsPerSecond\":%.0f},"
                                + "\"ratioTwoStreams\":%.3f}%n",
                        shape.name().toLowerCase(Locale.ROOT),
                        events,
                        rows,
                        rolled,
                        sinkSeconds,
                        sinkRate,
                        copySeconds,
                        copyRate,
                        sinkRate / copyRate,
                        twoStreamSeconds,
                        twoStreamRate,
                        sinkRate / twoStreamRate));
    }

    static Connection connect(HeroesInfrastructure infra, DbRole role) throws SQLException {
        return DriverManager.getConnection(infra.jdbcUrl(role), infra.user(role), infra.password(role));
    }

    static long count(Connection db, String sql) throws SQLException {
        try (var statement = db.createStatement();
                var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
