package org.heroes.analytics.cli.redrive;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.ProducerSettings;
import org.heroes.analytics.schemas.SchemaHistory;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.store.redrive.DeadLetterOrigin;
import org.heroes.analytics.store.redrive.DeadLetterReader;
import org.heroes.analytics.store.redrive.RedriveSender;
import org.heroes.analytics.store.redrive.RedriveSummary;
import org.heroes.analytics.store.redrive.Revalidation;
import org.heroes.analytics.store.redrive.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Sends dead letters that pass re-validation now (a schema was added, a rule was relaxed, a bug fixed)
 * back to their source topics, and lists the rest by reason. Safe to repeat and to run while live
 * traffic flows: the aggregator counts a redriven record once however often it arrives.
 */
@Command(
        name = "redrive",
        mixinStandardHelpOptions = true,
        description = {
            "Re-validates dead letters (<topic>-dlt) with the aggregator's checks and sends the ones that now pass"
                    + " back to their source topic with their original key; the rest stay and are listed by reason.",
            "Reads from the start (or --from) to the end at start, with no consumer group: a dead letter that"
                    + " still fails stays for the next redrive, and one redriven twice is counted once by the aggregator.",
            "Deploy the fix to the aggregator first: a redriven record it still refuses is dead-lettered again."
        })
public final class RedriveCommand implements Callable<Integer> {

    private static final ProducerSettings REDRIVE_SETTINGS =
            new ProducerSettings(Duration.ofMinutes(2), Duration.ofSeconds(30), "lz4", Duration.ofMillis(5), 64 * 1024);

    static final String ALL = "all";

    @Option(
            names = "--topic",
            defaultValue = ALL,
            paramLabel = "NAME|all",
            description = "Source topic whose dead letters to redrive, e.g. heroes.analytics-events.v1 (its -dlt"
                    + " name works too), or all (default ${DEFAULT-VALUE}).")
    String topic;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description =
                    "Only dead letters dead-lettered at or after this ISO-8601 instant, e.g. 2026-11-26T09:00:00Z.")
    Instant from;

    @Option(
            names = "--to",
            paramLabel = "INSTANT",
            description = "Only dead letters dead-lettered before this ISO-8601 instant.")
    Instant to;

    @Option(names = "--dry-run", description = "Re-validate and report only; send nothing.")
    boolean dryRun;

    @Option(
            names = "--kafka-bootstrap",
            defaultValue = "${env:HEROES_KAFKA_BOOTSTRAP:-127.0.0.1:19092}",
            description = "Kafka bootstrap servers (default ${DEFAULT-VALUE}).")
    String kafkaBootstrap;

    @Option(
            names = "--extra-schemas",
            paramLabel = "DIR",
            defaultValue = "${env:HEROES_EXTRA_SCHEMAS_DIR}",
            description = "Folder of extra writer schemas (*.avsc) besides the published versions, as the aggregator's"
                    + " HEROES_EXTRA_SCHEMAS_DIR (default: that variable; none if unset).")
    Path extraSchemas;

    @Option(
            names = "--examples",
            defaultValue = "5",
            description = "Dead letters shown per reason (default ${DEFAULT-VALUE}).")
    int examples;

    @Option(
            names = "--stall-timeout",
            defaultValue = "PT60S",
            description =
                    "Give up when reading a dead-letter topic makes no progress this long (default ${DEFAULT-VALUE}).")
    Duration stallTimeout;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<Topic> topics = topics();
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must lie before --to " + to);
        }
        if (examples < 0) {
            throw new IllegalArgumentException("--examples must not be negative");
        }
        Revalidation revalidation = new Revalidation(new EventCodec(SchemaHistory.load(extraSchemas)));
        RedriveSummary summary = new RedriveSummary(examples);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                        consumerConfig(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
                KafkaProducer<byte[], byte[]> producer =
                        new KafkaProducer<>(producerConfig(), new ByteArraySerializer(), new ByteArraySerializer())) {
            RedriveSender sender = new RedriveSender(producer, summary);
            DeadLetterReader reader = new DeadLetterReader(consumer, stallTimeout);
            for (Topic source : topics) {
                String deadLetterTopic = source.deadLetterTopicName();
                boolean exists = reader.read(
                        deadLetterTopic, from, to, record -> redrive(record, revalidation, sender, summary));
                if (exists) {
                    summary.read(deadLetterTopic);
                } else {
                    summary.missing(deadLetterTopic);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            try {
                sender.awaitAcknowledgements();
            } finally {
                summary.print(out, dryRun);
                out.flush();
            }
        }
        return 0;
    }

    private void redrive(
            ConsumerRecord<byte[], byte[]> deadLetter,
            Revalidation revalidation,
            RedriveSender sender,
            RedriveSummary summary) {
        summary.examined(deadLetter.topic());
        Verdict verdict = revalidation.check(deadLetter);
        if (verdict instanceof Verdict.Passes passes) {
            summary.passed(deadLetter.topic());
            if (!dryRun) {
                sender.send(deadLetter, passes.sourceTopic());
            }
        } else if (verdict instanceof Verdict.Fails fails) {
            String position = RedriveSender.position(deadLetter) + " (from "
                    + DeadLetterOrigin.of(deadLetter.headers()).originalPosition() + ")";
            summary.failed(deadLetter.topic(), position, fails);
        }
    }

    private List<Topic> topics() {
        if (ALL.equals(topic)) {
            return List.of(Topic.values());
        }
        String source = topic.endsWith(Topic.DEAD_LETTER_SUFFIX)
                ? topic.substring(0, topic.length() - Topic.DEAD_LETTER_SUFFIX.length())
                : topic;
        return List.of(Topic.byName(source)
                .orElseThrow(() -> new IllegalArgumentException("--topic " + topic + " is not one of "
                        + Arrays.stream(Topic.values()).map(Topic::topicName).toList() + " or all")));
    }

    private Map<String, Object> consumerConfig() {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "heroes-redrive",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    }

    /** A dead letter goes back as any record goes out ({@link ProducerSettings}); a slow broker may take its time. */
    private Map<String, Object> producerConfig() {
        Map<String, Object> config = new HashMap<>(REDRIVE_SETTINGS.configs());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "heroes-redrive");
        return config;
    }
}
