package org.heroes.analytics.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A single-node KRaft Kafka broker (combined broker and controller) run as a process of its own from
 * the test JVM's class path, configured like {@code scripts/lib/kafka.sh} configures the local stack's,
 * with every topic of {@link KafkaTopics}, partitions and configs included. Unlike the shared embedded broker it can be
 * {@linkplain #stop() stopped} and {@linkplain #start() started} again on the same ports and log
 * directory: a broker restart as clients see it.
 */
public final class KafkaBrokerProcess implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final int port;
    private final int controllerPort;
    private Process process;

    private KafkaBrokerProcess(Path dir, int port, int controllerPort) {
        this.dir = dir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    /** Configures and formats a broker in {@code dir}, starts it and creates every topic. */
    static KafkaBrokerProcess start(Path dir) {
        KafkaBrokerProcess broker = new KafkaBrokerProcess(dir, Randomness.freePort(), Randomness.freePort());
        try {
            broker.configure();
            broker.format();
            broker.start();
            broker.createTopics();
            return broker;
        } catch (RuntimeException e) {
            broker.stop();
            throw e;
        }
    }

    /** The broker's own log (its console output), kept across restarts. */
    Path logFile() {
        return dir.resolve("kafka.log");
    }

    /** {@code 127.0.0.1:port}, the same across restarts. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /**
     * Starts the broker (again) on the same ports and log directory; returns once it answers and every
     * topic partition has a leader. Does nothing while it runs.
     */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                // a quicker start on a busy 2-core machine
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                "-cp",
                System.getProperty("java.class.path"),
                "kafka.Kafka",
                serverProperties().toString()));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                    .directory(dir.toFile())
                    .start();
        } catch (IOException e) {
            throw new InfrastructureException("could not start the Kafka broker process in " + dir, e);
        }
        awaitReady();
    }

    /** Stops the broker (SIGTERM: a controlled shutdown; SIGKILL if it lingers); does nothing when stopped. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new InfrastructureException("interrupted while stopping the Kafka broker process", e);
        }
    }

    /** {@link #stop()}, then {@link #start()}. */
    public void restart() {
        stop();
        start();
    }

    @Override
    public void close() {
        stop();
    }

    private Path serverProperties() {
        return dir.resolve("server.properties");
    }

    private void configure() {
        WorkDirectory.write(
                serverProperties(), """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
                log.dirs=%3$s
                num.partitions=%4$d
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, dir.resolve("data"), KafkaBroker.PARTITIONS));
        WorkDirectory.write(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>[%d] %level %msg \\(%logger\\)%n</pattern></encoder>
                  </appender>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                  <logger name="kafka.server.BrokerServer" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    private void format() {
        Commands.run(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dlogback.configurationFile=" + dir.resolve("logback.xml"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "kafka.tools.StorageTool",
                        "format",
                        "-t",
                        Uuid.randomUuid().toString(),
                        "-c",
                        serverProperties().toString()),
                Map.of(),
                null);
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000));
    }

    private void createTopics() {
        KafkaTopics.create(bootstrapServers());
        awaitReady();
    }

    /** Until the broker answers and every existing topic partition has a leader. */
    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new InfrastructureException(
                            "the Kafka broker process exited (" + process.exitValue() + "); its log:\n" + logTail());
                }
                try {
                    var names = admin.listTopics().names().get(5, TimeUnit.SECONDS);
                    boolean led = admin.describeTopics(names).allTopicNames().get(5, TimeUnit.SECONDS).values().stream()
                            .flatMap(topic -> topic.partitions().stream())
                            .allMatch(partition -> partition.leader() != null
                                    && !partition.leader().isEmpty());
                    if (led) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                pause();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for the Kafka broker process", e);
        }
        throw new InfrastructureException(
                "the Kafka broker process on " + bootstrapServers() + " was not ready within "
                        + READY_TIMEOUT.toSeconds() + " s; its log:\n" + logTail(),
                last);
    }

    private String logTail() {
        try {
            var lines = Files.readAllLines(logFile());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause() throws InterruptedException {
        Thread.sleep(200);
    }
}
