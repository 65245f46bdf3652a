package org.heroes.analytics.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the external programs of the infrastructure. PostgreSQL's and PgBouncer's programs refuse to run
 * as root, so when this JVM is root (as on CI) they run as the {@code postgres} user through runuser,
 * and the files they touch are handed to that user.
 */
final class Commands {

    static final String SERVICE_USER = "postgres";
    private static final long TIMEOUT_SECONDS = 120;
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private Commands() {}

    /** Runs a PostgreSQL or PgBouncer program, as {@code postgres} when this JVM is root. */
    static String runAsServiceUser(Map<String, String> environment, String stdin, String... command) {
        List<String> full = new ArrayList<>();
        if (ROOT) {
            full.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        full.addAll(List.of(command));
        return run(full, environment, stdin);
    }

    /** Runs a program as this JVM's user and returns its output; fails with the output if it fails. */
    static String run(List<String> command, Map<String, String> environment, String stdin) {
        try {
            Path output = Files.createTempFile("heroes-cmd-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        // the postgres user may not be allowed into the JVM's working directory
                        .directory(WorkDirectory.parent().toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                try (var in = process.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new InfrastructureException(
                            command.get(0) + " did not finish in " + TIMEOUT_SECONDS + " s: " + command);
                }
                String text = Files.readString(output, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    throw new InfrastructureException(
                            "command failed (exit " + process.exitValue() + "): " + command + "\n" + text);
                }
                return text;
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new InfrastructureException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while running " + command, e);
        }
    }

    /** Hands a file or directory (recursively) to the {@code postgres} user when this JVM is root. */
    static void giveToServiceUser(Path path) {
        if (ROOT) {
            run(List.of("chown", "-R", SERVICE_USER + ":", path.toString()), Map.of(), null);
        }
    }

    /** Sends a signal to a process, ignoring one that is already gone. */
    static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new InfrastructureException("could not signal process " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while signalling process " + pid, e);
        }
    }
}
