package org.heroes.analytics.aggregator;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;

/**
 * The packaged aggregator ({@code aggregator-service-*-exec.jar}) run as a JVM of its own, as it runs in
 * production: the kill, rebalance and scale tests and benchmarks start, kill ({@code SIGKILL}) and stop
 * ({@code SIGTERM}, Spring's graceful shutdown) several of them. Its output goes to a log file, which
 * tests read for the lines the listener logs (e.g. a stale batch).
 */
public final class AggregatorProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private AggregatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code jar} with {@code environment} (the {@code HEROES_*} variables), the actuator on a
     * random port, {@code heap} as {@code -Xmx} and {@code args} as Spring command-line properties.
     */
    public static AggregatorProcess start(
            Path jar, Map<String, String> environment, String heap, Path log, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+UseParallelGC",
                "-jar",
                jar.toString(),
                "--server.port=0"));
        command.addAll(args);
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            builder.environment().put("HEROES_AGGREGATOR_PORT", "0");
            return new AggregatorProcess(builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the aggregator " + jar, e);
        }
    }

    /**
     * Starts run number {@code run} of a test's aggregator against the test infrastructure (migrated first, by
     * test-support: the service migrates nothing), with the writer's credentials only, consuming as {@code group},
     * with the default heap; its output goes to {@code target/<folder>/aggregator-<run>.log}.
     */
    public static AggregatorProcess start(HeroesInfrastructure infra, String group, String folder, int run) {
        infra.migrate();
        return start(
                executableJar(),
                infra.serviceEnvironment(DbRole.WRITER),
                "256m",
                Path.of("target", folder, "aggregator-" + run + ".log"),
                List.of("--spring.kafka.consumer.group-id=" + group));
    }

    /** The executable jar that {@code mvn package} (before failsafe's integration tests) left in {@code target}. */
    public static Path executableJar() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("aggregator-service-.*-exec\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no executable jar in target" + File.separator
                            + "; run through mvn verify (package comes first)"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not list target", e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop, a batch in flight is lost with its transaction. */
    public void kill() {
        try {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM and waits for the exit: Spring stops the listener after its current batch. */
    public void terminate() {
        try {
            if (terminate(Duration.ofSeconds(60)).isEmpty()) {
                throw new IllegalStateException("the aggregator did not stop within 60 s of SIGTERM; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM; the exit code, or empty if it still runs after {@code atMost}. */
    public OptionalInt terminate(Duration atMost) throws InterruptedException {
        process.destroy();
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)
                ? OptionalInt.of(process.exitValue())
                : OptionalInt.empty();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    /** The whole log so far. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + log, e);
        }
    }

    /** How many lines of the log so far contain {@code text}. */
    public long logLinesContaining(String text) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.filter(line -> line.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + log, e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
