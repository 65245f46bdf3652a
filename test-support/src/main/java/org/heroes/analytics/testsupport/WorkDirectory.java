package org.heroes.analytics.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary directory that holds one JVM's PostgreSQL data and PgBouncer files. It records the
 * owning JVM's pid so that a later run can clean up after a JVM that was killed before its shutdown hook
 * ran ({@link StaleInfrastructure}).
 */
final class WorkDirectory {

    static final String PREFIX = "heroes-infra-";
    static final String OWNER_PID_FILE = "owner.pid";

    private WorkDirectory() {}

    static Path create() {
        try {
            Path dir = Files.createTempDirectory(
                    parent(),
                    PREFIX,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.writeString(
                    dir.resolve(OWNER_PID_FILE),
                    Long.toString(ProcessHandle.current().pid()));
            return dir;
        } catch (IOException e) {
            throw new InfrastructureException("could not create the infrastructure's temporary directory", e);
        }
    }

    /**
     * Where the work directories go: {@code /tmp} unless the system property {@code heroes.infra.tmpdir}
     * says otherwise. Not {@code java.io.tmpdir}: the postgres user must be able to reach it, and the
     * Unix socket paths inside it must stay short.
     */
    static Path parent() {
        return Path.of(System.getProperty("heroes.infra.tmpdir", "/tmp"));
    }

    static Path createSubdirectory(Path dir, String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new InfrastructureException("could not create " + dir.resolve(name), e);
        }
    }

    static void write(Path file, String content) {
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new InfrastructureException("could not write " + file, e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new InfrastructureException("could not delete " + dir, e);
        }
    }
}
