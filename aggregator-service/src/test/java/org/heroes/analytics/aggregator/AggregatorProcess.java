package org.heroes.analytics.aggregator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.heroes.analytics.testsupport.HeroesInfrastructure;

/**
 * The packaged aggregator ({@code java -jar} of the executable jar {@code mvn verify} built) as a process of its
 * own against the test infrastructure, in a consumer group of its own, its output in {@code target/<folder>/};
 * for the tests that stop it the way an orchestrator would (SIGKILL, SIGTERM).
 */
final class AggregatorProcess {

    private final Process process;
    private final Path log;

    private AggregatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts run number {@code run} consuming as {@code group}; its output goes to {@code target/<folder>/}. */
    static AggregatorProcess start(HeroesInfrastructure infra, String group, String folder, int run)
            throws IOException {
        Path logs = Path.of("target", folder);
        Files.createDirectories(logs);
        Path log = logs.resolve("aggregator-" + run + ".log");
        var builder = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        executableJar().toString(),
                        "--server.port=0",
                        "--spring.kafka.consumer.group-id=" + group)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(infra.environment());
        builder.environment().put("HEROES_AGGREGATOR_PORT", "0");
        return new AggregatorProcess(builder.start(), log);
    }

    /** SIGKILL, and waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM ({@link Process#destroy()} on Unix); the exit code, or empty if still running after {@code atMost}. */
    java.util.OptionalInt terminate(Duration atMost) throws InterruptedException {
        process.destroy();
        return process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)
                ? java.util.OptionalInt.of(process.exitValue())
                : java.util.OptionalInt.empty();
    }

    /** Kills it if it still runs (a test's clean-up). */
    void destroyForcibly() {
        process.destroyForcibly();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    Path log() {
        return log;
    }

    private static Path executableJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("aggregator-service-.*-exec\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no executable jar in target" + File.separator
                            + "; run through mvn verify (package comes first)"));
        }
    }
}
