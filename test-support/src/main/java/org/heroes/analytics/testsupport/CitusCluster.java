package org.heroes.analytics.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Citus cluster on this machine: a coordinator and two workers, each a {@link PostgresCluster} with {@code
 * shared_preload_libraries = citus}, each bootstrapped with the project's roles and database and the {@code citus}
 * extension in it, the workers registered with the coordinator. The coordinator is the cluster the rest of the
 * infrastructure talks to (PgBouncer, the migrations); {@link #distribute()} is the step after the migrations
 * ({@code deploy/citus/02-distribute.sql}; the keys it needs are migration V16's).
 *
 * <p>Citus must be installed in PostgreSQL 15 ({@code scripts/lib/citus-build.sh}); {@link #installed()} says.
 */
final class CitusCluster {

    static final String PRELOAD = "shared_preload_libraries=citus";
    private static final String BIN = System.getProperty("heroes.pg.bin", "/usr/lib/postgresql/15/bin");
    private static final int WORKERS = 2;
    private static final int TEST_SHARD_COUNT = 4;

    /**
     * The password every node uses to reach another as a role (Citus connects to a worker as the role that runs
     * the query): {@code pg_dist_authinfo}, node 0 meaning every node, synchronised to the workers with the metadata.
     */
    private static final String AUTH_INFO =
            "INSERT INTO pg_dist_authinfo (nodeid, rolename, authinfo) VALUES (0, ?, 'password=' || ?)";

    private final PostgresCluster coordinator;
    private final List<PostgresCluster> workers;

    private CitusCluster(PostgresCluster coordinator, List<PostgresCluster> workers) {
        this.coordinator = coordinator;
        this.workers = List.copyOf(workers);
    }

    /** Whether Citus is installed in this machine's PostgreSQL 15 (its library and extension control file). */
    static boolean installed() {
        String pkglib = BIN.replace("/bin", "/lib");
        return Files.exists(Path.of(pkglib, "citus.so"))
                && Files.exists(Path.of("/usr/share/postgresql/15/extension/citus.control"));
    }

    /**
     * Starts the coordinator in {@code dir}/coordinator and the workers beside it, bootstraps every node, creates
     * the extension and registers the workers. Each node is handed to {@code stopper} as soon as it runs.
     */
    static CitusCluster start(Path dir, Map<DbRole, String> passwords, Stopper stopper) {
        if (!installed()) {
            throw new InfrastructureException("Citus is not installed in PostgreSQL 15 (" + BIN
                    + "): run scripts/lib/citus-build.sh (heroes.infrastructure=citus)");
        }
        String superuserPassword = passwords.get(DbRole.SUPERUSER);
        PostgresCluster coordinator = PostgresCluster.start(
                WorkDirectory.createSubdirectory(dir, "coordinator"),
                Randomness.freePort(),
                superuserPassword,
                List.of(PRELOAD));
        stopper.postgres(coordinator);
        List<PostgresCluster> workers = new ArrayList<>();
        for (int i = 1; i <= WORKERS; i++) {
            Path workerDir = WorkDirectory.createSubdirectory(dir, "worker-" + i);
            Commands.giveToServiceUser(workerDir);
            PostgresCluster worker =
                    PostgresCluster.start(workerDir, Randomness.freePort(), superuserPassword, List.of(PRELOAD));
            stopper.postgres(worker);
            workers.add(worker);
        }
        CitusCluster cluster = new CitusCluster(coordinator, workers);
        cluster.bootstrap(passwords);
        return cluster;
    }

    private void bootstrap(Map<DbRole, String> passwords) {
        coordinator.bootstrap(passwords);
        workers.forEach(worker -> worker.bootstrap(passwords));
        try {
            for (PostgresCluster worker : workers) {
                execute(worker, "CREATE EXTENSION IF NOT EXISTS citus");
            }
            try (Connection connection = coordinator.superuserConnection()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE EXTENSION IF NOT EXISTS citus");
                }
                try (PreparedStatement statement = connection.prepareStatement(AUTH_INFO)) {
                    for (DbRole role : DbRole.values()) {
                        statement.setString(1, role.userName());
                        statement.setString(2, passwords.get(role));
                        statement.addBatch();
                    }
                    statement.executeBatch();
                }
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT citus_set_coordinator_host('127.0.0.1', " + coordinator.port() + ")");
                    for (PostgresCluster worker : workers) {
                        statement.execute("SELECT citus_add_node('127.0.0.1', " + worker.port() + ")");
                    }
                }
            }
        } catch (SQLException e) {
            throw new InfrastructureException("could not set up the Citus cluster", e);
        }
    }

    /**
     * The distribution step, as the superuser on the coordinator after the migrations: the files of {@code
     * deploy/citus} that follow the cluster set-up, in order.
     */
    void distribute() {
        Path sqlDir = distributionSqlDir();
        try (Connection connection = coordinator.superuserConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(withTestShardCount(Files.readString(sqlDir.resolve("02-distribute.sql"))));
        } catch (SQLException | IOException e) {
            throw new InfrastructureException("could not distribute the tables (" + sqlDir + ")", e);
        }
    }

    /**
     * The distribution with {@link #TEST_SHARD_COUNT} shards per table instead of production's 32: every monthly
     * partition of {@code analytics_events} is a distributed table of its own, and with 32 shards each a test's
     * {@code TRUNCATE} of every table took 18 s on this machine. Still more shards than workers, so a classroom's
     * rows and another's land on different workers.
     */
    static String withTestShardCount(String distribution) {
        // the setting's name and value only: a Java string opening with SET reads as session state to
        // PgBouncerSafetyTest (this runs straight on the coordinator, as the superuser, before any service)
        String production = "citus.shard_count = 32;";
        if (!distribution.contains(production)) {
            throw new InfrastructureException("02-distribute.sql no longer says '" + production + "'");
        }
        return distribution.replace(production, "citus.shard_count = " + TEST_SHARD_COUNT + ";");
    }

    PostgresCluster coordinator() {
        return coordinator;
    }

    List<PostgresCluster> workers() {
        return workers;
    }

    private static void execute(PostgresCluster node, String sql) throws SQLException {
        try (Connection connection = node.superuserConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /**
     * {@code deploy/citus} of the working copy: {@code heroes.citus.sql} if set, else the first such folder from the
     * test JVM's working directory (a module's folder) upwards.
     */
    private static Path distributionSqlDir() {
        String configured = System.getProperty("heroes.citus.sql");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("deploy/citus");
            if (Files.isRegularFile(candidate.resolve("02-distribute.sql"))) {
                return candidate;
            }
        }
        throw new InfrastructureException(
                "no deploy/citus above " + Path.of("").toAbsolutePath() + "; set -Dheroes.citus.sql to its path");
    }
}
