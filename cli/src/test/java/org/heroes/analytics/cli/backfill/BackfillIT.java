package org.heroes.analytics.cli.backfill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.heroes.analytics.cli.HeroesCli;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code heroes backfill} against the real broker of test-support: 100 000 lines with 1 % bad ones of
 * every kind of fault; exactly the good ones land, the reject file lists exactly the bad ones; and a run
 * killed with SIGKILL midway and resumed lands every good line (no gaps), each eventId counted once.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class BackfillIT {

    static final int LINES = 100_000;
    static final JsonMapper JSON = JsonMapper.builder().build();

    final HeroesInfrastructure infra = HeroesInfrastructure.get();

    @TempDir
    Path dir;

    @Test
    void exactlyTheGoodLinesLandAndTheRejectFileListsExactlyTheBadOnesWithReasons() throws IOException {
        TestFile file = TestFile.write(dir.resolve("history.ndjson.gz"), LINES, new Random(1));
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new HeroesCli())
                    .execute("backfill", file.path().toString(), "--kafka-bootstrap", infra.kafkaBootstrap());
        } finally {
            System.setOut(stdout);
        }

        assertThat(exit).isZero();
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .contains("lines %d: sent %d, rejected %d, blank %d, skipped (resume) 0"
                        .formatted(file.lines(), file.good().size(), file.bad().size(), file.blank()));
        List<String> landed = eventIdsOnTheTopics(file.universe());
        assertThat(landed).hasSize(file.good().size());
        assertThat(new HashSet<>(landed)).isEqualTo(file.good());
        assertRejectsAreExactlyTheBadLines(file, rejectsOf(file));
    }

    @Test
    void aSecondRunWithoutResumeIsRefusedWhileACheckpointExists() throws Exception {
        Path path = Files.writeString(dir.resolve("one.ndjson"), "\n");
        assertThat(child(path, "--kafka-bootstrap", infra.kafkaBootstrap()).waitFor())
                .isZero();

        Process again = child(path, "--kafka-bootstrap", infra.kafkaBootstrap());

        assertThat(again.waitFor()).isEqualTo(2);
        assertThat(Files.readString(dir.resolve("child.err")))
                .contains("heroes backfill: a checkpoint of an earlier run exists")
                .contains("add --resume");
    }

    @Test
    void killedMidwayThenResumedLandsEveryGoodLineAndRejectsEveryBadLineOnce() throws Exception {
        TestFile file = TestFile.write(dir.resolve("history.ndjson.gz"), LINES, new Random(2));
        Path checkpoint = dir.resolve("history.ndjson.gz.rejects.ndjson.checkpoint");

        Process first = child(
                file.path(),
                "--kafka-bootstrap",
                infra.kafkaBootstrap(),
                "--max-rate",
                "20000",
                "--checkpoint-every",
                "2000");
        await("the checkpoint passes line 20 000")
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> !first.isAlive() || checkpointLine(checkpoint) >= 20_000);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long killedAt = checkpointLine(checkpoint);
        assertThat(killedAt)
                .as("killed midway; the child said: %s", Files.readString(dir.resolve("child.err")))
                .isBetween(20_000L, (long) file.lines() - 1);
        assertThat(first.exitValue()).isNotZero();

        Process resumed = child(file.path(), "--kafka-bootstrap", infra.kafkaBootstrap(), "--resume");

        assertThat(resumed.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(resumed.exitValue())
                .as(Files.readString(dir.resolve("child.err")))
                .isZero();
        assertThat(Files.readString(dir.resolve("child.out"))).contains("skipped (resume) " + killedAt + ";");
        List<String> landed = eventIdsOnTheTopics(file.universe());
        assertThat(new HashSet<>(landed))
                .as("no gaps, nothing that should not land")
                .isEqualTo(file.good());
        assertThat(landed.size()).isGreaterThanOrEqualTo(file.good().size());
        assertRejectsAreExactlyTheBadLines(file, rejectsOf(file));
        assertThat(Checkpoint.read(checkpoint)).hasValueSatisfying(done -> {
            assertThat(done.complete()).isTrue();
            assertThat(done.line()).isEqualTo(file.lines());
        });
    }

    /** Every bad line once, with its reasons (and its eventId where it had one); nothing else. */
    static void assertRejectsAreExactlyTheBadLines(TestFile file, List<JsonNode> rejects) {
        Map<Long, JsonNode> byLine = new HashMap<>();
        for (JsonNode reject : rejects) {
            assertThat(byLine.put(reject.get("line").asLong(), reject))
                    .as("line %s rejected once", reject.get("line"))
                    .isNull();
        }
        assertThat(byLine.keySet()).isEqualTo(file.bad().keySet());
        file.bad().forEach((line, expected) -> {
            JsonNode reject = byLine.get(line);
            assertThat(reject.get("reasons").toString()).as("line %d", line).contains(expected.reason());
            if (expected.eventId() != null) {
                assertThat(reject.get("eventId").asString()).isEqualTo(expected.eventId());
            }
        });
    }

    List<JsonNode> rejectsOf(TestFile file) throws IOException {
        Path path = file.path().resolveSibling(file.path().getFileName() + ".rejects.ndjson");
        return Files.readAllLines(path).stream().map(JSON::readTree).toList();
    }

    static long checkpointLine(Path checkpoint) {
        return Checkpoint.read(checkpoint).map(Checkpoint::line).orElse(0L);
    }

    /** {@code heroes backfill FILE ARGS} in a JVM of its own, with this test's class path. */
    Process child(Path file, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                HeroesCli.class.getName(),
                "backfill",
                file.toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectOutput(dir.resolve("child.out").toFile())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
    }

    /** The eventIds of {@code universe} on the four topics, once per record found. */
    List<String> eventIdsOnTheTopics(Set<String> universe) {
        EventCodec codec = EventCodec.create();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "backfill-it-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5_000);
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (Topic topic : Topic.values()) {
                consumer.partitionsFor(topic.topicName())
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime())
                        .as("topics read to their end in time")
                        .isLessThan(deadline);
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    GenericRecord event = (GenericRecord) codec.decode(record.value());
                    String eventId = String.valueOf(event.get("eventId"));
                    if (universe.contains(eventId)) {
                        found.add(eventId);
                    }
                }
            }
        }
        return found;
    }

    /**
     * A bad line's expected reason, and its eventId if the reject should carry one.
     */
    record Bad(String reason, String eventId) {}

    /**
     * A generated file: its good eventIds, its bad lines by number, every eventId in it.
     */
    record TestFile(Path path, int lines, Set<String> good, Map<Long, Bad> bad, int blank, Set<String> universe) {

        /**
         * {@code count} event lines, every 100th of them bad in one of ten ways, plus a blank line every
         * 10 000; gzip. Good events lie up to 390 days back (inside the retention age of 400), most far outside the live window.
         */
        static TestFile write(Path path, int count, Random random) throws IOException {
            List<String> classrooms = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                classrooms.add(UUID.randomUUID().toString());
            }
            Set<String> good = new HashSet<>();
            Map<Long, Bad> bad = new HashMap<>();
            Set<String> universe = new HashSet<>();
            Instant now = Instant.now();
            long line = 0;
            int blank = 0;
            try (Writer out = new OutputStreamWriter(
                    new GZIPOutputStream(Files.newOutputStream(path), 64 * 1024), StandardCharsets.UTF_8)) {
                for (int i = 0; i < count; i++) {
                    if (i > 0 && i % 10_000 == 0) {
                        out.write("   \n");
                        line++;
                        blank++;
                    }
                    line++;
                    String eventId = UUID.randomUUID().toString();
                    universe.add(eventId);
                    String classroom = classrooms.get(random.nextInt(classrooms.size()));
                    String student = UUID.randomUUID().toString();
                    Instant at = now.minusSeconds(3_600 + random.nextInt(390 * 86_400));
                    if (i % 100 == 37) {
                        Bad expected = badLine(i / 100 % 10, eventId, classroom, student, at, now, out);
                        bad.put(line, expected);
                    } else {
                        out.write(goodLine(i % 3, eventId, classroom, student, at, random));
                        good.add(eventId);
                    }
                    out.write('\n');
                }
            }
            return new TestFile(path, (int) line, good, bad, blank, universe);
        }

        static String goodLine(int kind, String eventId, String classroom, String student, Instant at, Random r) {
            return switch (kind) {
                case 0 -> """
                        {"kind":"analytics","eventId":"%s","classroomId":"%s","occurredAt":"%s","studentId":"%s",\
                        "eventType":"lesson.opened","eventCategory":"navigation","eventValue":%d,\
                        "properties":{"screen":"map"}}""".formatted(eventId, classroom, at, student, r.nextInt(100));
                case 1 -> """
                        {"kind":"progress","eventId":"%s","classroomId":"%s","occurredAt":"%s","studentId":"%s",\
                        "lessonId":%d,"completionStatus":"completed","score":%d,"timeSpentSeconds":600}""".formatted(eventId, classroom, at, student, 1 + r.nextInt(12), r.nextInt(101));
                default -> """
                        {"kind":"feedback","eventId":"%s","classroomId":"%s","occurredAt":"%s","studentId":"%s",\
                        "lessonId":%d,"feedbackType":"lesson_rating","rating":%d}""".formatted(eventId, classroom, at, student, 1 + r.nextInt(12), 1 + r.nextInt(5));
            };
        }

        /** Writes a bad line of the given fault; returns the reason expected for it. */
        static Bad badLine(
                int fault, String eventId, String classroom, String student, Instant at, Instant now, Writer out)
                throws IOException {
            String progress = "{\"kind\":\"progress\",\"eventId\":\"%s\",\"classroomId\":\"%s\","
                    + "\"occurredAt\":\"%s\",\"studentId\":\"%s\",\"lessonId\":%d,\"completionStatus\":\"completed\"";
            switch (fault) {
                case 0 -> {
                    out.write("{\"kind\":\"progress\",\"eventId\":\"" + eventId + "\",");
                    return new Bad("line: not valid JSON", null);
                }
                case 1 -> {
                    out.write(progress.formatted(eventId, classroom, at, student, 3)
                                    .replace("progress", "quiz") + "}");
                    return new Bad("kind: must be one of analytics, progress, feedback", eventId);
                }
                case 2 -> {
                    out.write("""
                            {"kind":"student","eventId":"%s","occurredAt":"%s","studentId":"%s","classroomId":"%s",\
                            "anonymousId":"hero-1","active":true}""".formatted(eventId, at, student, classroom));
                    return new Bad("kind: must be one of analytics, progress, feedback", eventId);
                }
                case 3 -> {
                    out.write(progress.formatted(eventId, classroom, at, student, 13) + "}");
                    return new Bad("lessonId: must be an integer from 1 to 12", eventId);
                }
                case 4 -> {
                    out.write(progress.formatted(eventId, "classroom-7", at, student, 3) + "}");
                    return new Bad("classroomId: must be a UUID", eventId);
                }
                case 5 -> {
                    out.write(progress.formatted(eventId, classroom, now.plusSeconds(3_600), student, 3) + "}");
                    return new Bad("occurredAt: must not lie more than 5 minutes in the future", eventId);
                }
                case 6 -> {
                    out.write(progress.formatted(eventId, classroom, at, student, 3)
                                    .replace(",\"studentId\":\"" + student + "\"", "")
                            + "}");
                    return new Bad("studentId: is required", eventId);
                }
                case 7 -> {
                    out.write(progress.formatted(eventId, classroom, at, student, 3) + ",\"scroe\":90}");
                    return new Bad("scroe: is not a field of this kind", eventId);
                }
                case 8 -> {
                    out.write(progress.formatted(eventId, classroom, at, student, 3) + ",\"lessonId\":4}");
                    return new Bad("line: not valid JSON: Duplicate", null);
                }
                default -> {
                    out.write("[\"" + eventId + "\"]");
                    return new Bad("item: must be a JSON object", null);
                }
            }
        }
    }
}
