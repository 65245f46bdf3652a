package org.heroes.analytics.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Cleans up after test JVMs that died without running their shutdown hook (SIGKILL, a crashed fork):
 * their PgBouncer and PostgreSQL would otherwise run on, orphaned, until the machine stops.
 */
final class StaleInfrastructure {

    private StaleInfrastructure() {}

    /** Stops the processes of, and deletes, every work directory whose owning JVM is gone. */
    static void reap() {
        try (Stream<Path> dirs = Files.list(WorkDirectory.parent())) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(WorkDirectory.PREFIX))
                    .toList()) {
                if (ownerIsGone(dir)) {
                    reap(dir);
                }
            }
        } catch (IOException e) {
            throw new InfrastructureException("could not look for stale infrastructure", e);
        }
    }

    /** A directory without a pid file yet is being created by a live JVM: it is left alone. */
    private static boolean ownerIsGone(Path dir) {
        return readPid(dir.resolve(WorkDirectory.OWNER_PID_FILE))
                .map(pid -> ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isEmpty())
                .orElse(false);
    }

    private static void reap(Path dir) {
        readPid(dir.resolve("pgbouncer/pgbouncer.pid")).ifPresent(pid -> Commands.signal(pid, "TERM"));
        // SIGQUIT: PostgreSQL's immediate shutdown; the data is thrown away anyway
        readPid(dir.resolve("postgres/data/postmaster.pid")).ifPresent(pid -> Commands.signal(pid, "QUIT"));
        try {
            WorkDirectory.deleteRecursively(dir);
        } catch (InfrastructureException e) {
            // still in use by a process that is stopping: the next run tries again
        }
    }

    private static Optional<Long> readPid(Path file) {
        try {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
