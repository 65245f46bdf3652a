package org.heroes.analytics.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * PgBouncer in transaction mode in front of the cluster, configured from the schemas module's template
 * (the one scripts/stack.sh fills too), authenticating clients with the roles' SCRAM secrets.
 */
final class PgBouncerProcess {

    private static final String BIN = System.getProperty("heroes.pgbouncer", "/usr/sbin/pgbouncer");
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final Path dir;
    private final int port;

    private PgBouncerProcess(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Writes the ini and auth files into {@code dir}, starts PgBouncer as a daemon and waits until it
     * lets {@code probeUser} in.
     *
     * @param scramSecrets role name to SCRAM secret, for every role that may log in (admin included)
     */
    static PgBouncerProcess start(
            Path dir,
            int port,
            int postgresPort,
            String adminUser,
            Map<String, String> scramSecrets,
            String probeUser,
            String probePassword) {
        PgBouncerProcess bouncer = new PgBouncerProcess(dir, port);
        String ini = ClasspathResources.read(ClasspathResources.PGBOUNCER_TEMPLATE)
                .replace("@PG_PORT@", Integer.toString(postgresPort))
                .replace("@PGBOUNCER_PORT@", Integer.toString(port))
                .replace("@DIR@", dir.toString())
                .replace("@ADMIN_USER@", adminUser);
        WorkDirectory.write(bouncer.iniFile(), ini);
        StringBuilder userlist = new StringBuilder();
        scramSecrets.forEach((user, secret) ->
                userlist.append('"').append(user).append("\" \"").append(secret).append("\"\n"));
        WorkDirectory.write(dir.resolve("userlist.txt"), userlist.toString());
        // PgBouncer dies silently when any file it touches is not its user's
        Commands.giveToServiceUser(dir);
        Commands.runAsServiceUser(Map.of(), null, BIN, "-d", bouncer.iniFile().toString());
        bouncer.awaitReady(probeUser, probePassword);
        return bouncer;
    }

    /** Waits until {@code user} can log in through PgBouncer and run a query (30 s at most). */
    void awaitReady(String user, String password) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            try (Connection connection = DriverManager.getConnection(jdbcUrl(), user, password)) {
                connection.createStatement().execute("SELECT 1");
                return;
            } catch (SQLException e) {
                last = e;
                pause();
            }
        }
        throw new InfrastructureException(
                "PgBouncer on port " + port + " did not accept " + user + " within " + READY_TIMEOUT.toSeconds()
                        + " s; its log:\n" + logTail(),
                last);
    }

    /** Stops the PgBouncer whose files are in {@code dir}: SIGINT, then SIGTERM and SIGKILL if it lingers. */
    static void stopIn(Path dir) {
        Optional<ProcessHandle> process = pid(dir).flatMap(ProcessHandle::of);
        if (process.isEmpty()) {
            return;
        }
        long pid = process.get().pid();
        Commands.signal(pid, "INT");
        if (!awaitExit(process.get())) {
            Commands.signal(pid, "TERM");
            if (!awaitExit(process.get())) {
                Commands.signal(pid, "KILL");
            }
        }
    }

    /** The log PgBouncer writes in {@code dir} (the template's {@code logfile}). */
    static Path logFile(Path dir) {
        return dir.resolve("pgbouncer.log");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + PostgresCluster.DATABASE + "?prepareThreshold=0";
    }

    int port() {
        return port;
    }

    private Path iniFile() {
        return dir.resolve("pgbouncer.ini");
    }

    private static Optional<Long> pid(Path dir) {
        try {
            Path pidFile = dir.resolve("pgbouncer.pid");
            return Files.exists(pidFile)
                    ? Optional.of(Long.parseLong(Files.readString(pidFile).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            throw new InfrastructureException("could not read PgBouncer's pid file in " + dir, e);
        }
    }

    private static boolean awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(STOP_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new InfrastructureException("waiting for PgBouncer to stop failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String logTail() {
        try {
            var lines = Files.readAllLines(logFile(dir));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while waiting for PgBouncer", e);
        }
    }
}
