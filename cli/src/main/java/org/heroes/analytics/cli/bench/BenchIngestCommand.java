package org.heroes.analytics.cli.bench;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.ProducerSettings;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Measures ingest: N analytics events in batches over several keep-alive connections, each request as the client
 * library sends it but its JSON written before the clock starts ({@link BatchBodies}), timed from the first request
 * to the last 202 (each 202 comes after Kafka acknowledged its
 * events, acks=all); then the same N records, Avro-encoded as ingest writes them, through a plain
 * producer with ingest's producer settings — the ceiling. Prints a table, writes JSON.
 */
@Command(
        name = "bench-ingest",
        mixinStandardHelpOptions = true,
        description = "Ingest benchmark: events/s from HTTP request to Kafka ack, against the raw producer.")
public final class BenchIngestCommand implements Callable<Integer> {

    @Mixin
    LoadOptions load;

    @Option(names = "--kafka-bootstrap", defaultValue = "${env:HEROES_KAFKA_BOOTSTRAP:-127.0.0.1:19092}")
    String kafkaBootstrap;

    @Option(names = "--events", defaultValue = "300000", description = "Events measured (default ${DEFAULT-VALUE}).")
    int events;

    @Option(
            names = "--warmup",
            defaultValue = "600000",
            description = "Events sent first, not measured (default ${DEFAULT-VALUE}, in rounds of at most"
                    + " 100 000 fresh events): on two shared cores the JIT was still compiling ingest's hot path"
                    + " after 250 000 events.")
    int warmup;

    @Option(names = "--connections", defaultValue = "8", description = "Keep-alive connections.")
    int connections;

    @Option(names = "--gzip", description = "gzip request bodies (default off: client and server share 2 cores).")
    boolean gzip;

    @Option(
            names = "--watch-pid",
            paramLabel = "NAME=PID",
            description = "Another process (e.g. ingest=1234, kafka=5678) whose CPU time per 1000 events"
                    + " during the measured phase is reported beside this one's (Linux /proc). Repeatable.")
    Map<String, String> watchPids = new LinkedHashMap<>();

    /** The most warm-up events held in memory at once. */
    private static final int WARMUP_ROUND = 100_000;

    /**
     * The raw producer's settings: ingest-service's ({@code ingest.kafka.*} of ingest-service.yml, defaults lz4, 5 ms,
     * 64 KB), read from the same environment variables as the ingest the script starts
     * ({@code HEROES_INGEST_KAFKA_COMPRESSION}, {@code _LINGER}, {@code _BATCH_SIZE}), so that a run with other
     * values compares like with like; except that a send may block for the whole deadline: the raw producer's first
     * send waits for the topic's metadata, which ingest fetched long before its measured phase.
     */
    static ProducerSettings ingestSettings(Map<String, String> env) {
        return new ProducerSettings(
                Duration.ofSeconds(10),
                Duration.ofSeconds(10),
                env.getOrDefault("HEROES_INGEST_KAFKA_COMPRESSION", "lz4"),
                DurationStyle.detectAndParse(env.getOrDefault("HEROES_INGEST_KAFKA_LINGER", "5ms")),
                (int) DataSize.parse(env.getOrDefault("HEROES_INGEST_KAFKA_BATCH_SIZE", "64KB"))
                        .toBytes());
    }

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        TokenIssuer tokens = TokenIssuer.fromEnvironment();
        String token = tokens.serviceToken(Duration.ofHours(1));
        Random random = new Random(42);
        List<UUID> classrooms = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            classrooms.add(new UUID(random.nextLong(), random.nextLong()));
        }
        List<Map<String, Object>> measured = events(random, classrooms, events);

        URI eventsUri = load.ingestUrl.resolve("/v1/events");
        BatchBodies measuredBodies = new BatchBodies(eventsUri, token, measured, load.batch, gzip);
        List<Map<String, Object>> warm = List.of();
        for (int sent = 0; sent < warmup; sent += warm.size()) {
            // fresh events per round, so that the warm-up's size does not bound the heap
            warm = events(random, classrooms, Math.min(WARMUP_ROUND, warmup - sent));
            send(new BatchBodies(eventsUri, token, warm, load.batch, gzip));
        }
        Map<String, String> pids = new LinkedHashMap<>();
        pids.put("bench", "self");
        pids.putAll(watchPids);
        Map<String, Long> cpuBefore = cpu(pids);
        long start = System.nanoTime();
        long accepted = send(measuredBodies);
        double httpSeconds = (System.nanoTime() - start) / 1e9;
        Map<String, Long> cpuAfter = cpu(pids);
        if (accepted != events) {
            throw new IllegalStateException("ingest accepted " + accepted + " of " + events + " events");
        }

        List<ProducerRecord<String, byte[]>> records = records(measured);
        double rawSeconds = produce(records(warm), records);
        int recordBytes = records.get(0).value().length;

        double httpRate = events / httpSeconds;
        double rawRate = events / rawSeconds;
        out.printf(
                "%n%-44s %12s %10s%n",
                "ingest (" + events + " events, " + recordBytes + " B records)", "events/s", "seconds");
        out.printf(
                "%-44s %,12.0f %10.2f%n",
                "HTTP → Kafka ack, " + connections + " conns × batches of " + load.batch + (gzip ? ", gzip" : ""),
                httpRate,
                httpSeconds);
        out.printf("%-44s %,12.0f %10.2f%n", "raw producer, same records (ceiling)", rawRate, rawSeconds);
        out.printf("%-44s %11.0f%%%n", "ratio", 100 * httpRate / rawRate);
        Map<String, Double> cpuPerThousand = new LinkedHashMap<>();
        double cpuTotal = 0;
        for (String name : pids.keySet()) {
            long before = cpuBefore.get(name);
            long after = cpuAfter.get(name);
            if (before >= 0 && after >= 0) {
                double perThousand = (after - before) * 1000.0 / events;
                cpuPerThousand.put(name, Math.round(perThousand * 100) / 100.0);
                cpuTotal += perThousand;
            }
        }
        if (!cpuPerThousand.isEmpty()) {
            cpuPerThousand.put("total", Math.round(cpuTotal * 100) / 100.0);
            out.printf("%-44s %s%n", "CPU ms per 1000 events (HTTP phase)", cpuPerThousand);
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("benchmark", "ingest");
        figures.put("events", events);
        figures.put("batch", load.batch);
        figures.put("connections", connections);
        figures.put("gzip", gzip);
        figures.put("recordBytes", recordBytes);
        figures.put("httpEventsPerSecond", Math.round(httpRate));
        figures.put("rawProducerEventsPerSecond", Math.round(rawRate));
        figures.put("ratio", Math.round(1000 * httpRate / rawRate) / 1000.0);
        figures.put("cpuMillisPer1000Events", cpuPerThousand);
        figures.put("measuredAt", Instant.now().toString());
        load.writeJson(figures);
        return 0;
    }

    /** CPU milliseconds used so far by each process (-1 where it cannot be read). */
    private static Map<String, Long> cpu(Map<String, String> pids) {
        Map<String, Long> millis = new LinkedHashMap<>();
        pids.forEach((name, pid) -> millis.put(name, ProcessCpu.millis(pid)));
        return millis;
    }

    /**
     * Posts the bodies over {@code connections} threads, each posting whole batches in turn, as the client library
     * does ({@code sentAt} at sending, the same headers) but with each batch's JSON built before the clock starts,
     * so the load generator's CPU goes to HTTP, not to writing JSON; returns the events accepted.
     */
    private long send(BatchBodies bodies) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<Long>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    long accepted = 0;
                    for (int batch = next.getAndIncrement(); batch < bodies.size(); batch = next.getAndIncrement()) {
                        accepted += bodies.post(load.http(), batch);
                    }
                    return accepted;
                }));
            }
            long accepted = 0;
            for (Future<Long> worker : workers) {
                accepted += worker.get();
            }
            return accepted;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The plain producer with ingest's settings; returns the seconds the measured records took to be acknowledged. */
    private double produce(List<ProducerRecord<String, byte[]>> warm, List<ProducerRecord<String, byte[]>> measured)
            throws Exception {
        Map<String, Object> config =
                new HashMap<>(ingestSettings(System.getenv()).configs());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            sendAll(producer, warm);
            long start = System.nanoTime();
            sendAll(producer, measured);
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static void sendAll(KafkaProducer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records)
            throws Exception {
        List<Future<?>> acks = new ArrayList<>(records.size());
        for (ProducerRecord<String, byte[]> record : records) {
            acks.add(producer.send(record));
        }
        producer.flush();
        for (Future<?> ack : acks) {
            ack.get();
        }
    }

    private static List<ProducerRecord<String, byte[]>> records(List<Map<String, Object>> events) {
        EventCodec codec = EventCodec.create();
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(events.size());
        for (Map<String, Object> event : events) {
            @SuppressWarnings("unchecked")
            AnalyticsEvent record = new AnalyticsEvent(
                    (String) event.get("eventId"),
                    (String) event.get("classroomId"),
                    Instant.parse((String) event.get("occurredAt")),
                    (String) event.get("studentId"),
                    (String) event.get("eventType"),
                    (String) event.get("eventCategory"),
                    (Double) event.get("eventValue"),
                    (Map<String, String>) event.get("properties"));
            records.add(codec.message(record));
        }
        return records;
    }

    private static List<Map<String, Object>> events(Random random, List<UUID> classrooms, int count) {
        Instant now = Instant.now().minusSeconds(60);
        List<Map<String, Object>> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("kind", "analytics");
            event.put("eventId", UUID.randomUUID().toString());
            event.put(
                    "classroomId",
                    classrooms.get(random.nextInt(classrooms.size())).toString());
            event.put("occurredAt", now.minusMillis(random.nextInt(86_400_000)).toString());
            event.put("studentId", new UUID(random.nextLong(), random.nextLong()).toString());
            event.put("eventType", "quiz_answered");
            event.put("eventCategory", "assessment");
            event.put("eventValue", (double) random.nextInt(100));
            event.put("properties", Map.of("lesson", Integer.toString(1 + random.nextInt(12))));
            events.add(event);
        }
        return events;
    }
}
