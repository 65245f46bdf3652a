package org.heroes.analytics.testsupport;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A throwaway PostgreSQL 15 cluster: initdb with SCRAM authentication and a random superuser password,
 * started on a random port on 127.0.0.1 with durability off (tests only), then bootstrapped with the
 * schemas module's roles-and-database script, the same one scripts/stack.sh runs.
 */
final class PostgresCluster {

    static final String SUPERUSER = "postgres";
    static final String DATABASE = "heroes_in_waiting";
    private static final String BIN = System.getProperty("heroes.pg.bin", "/usr/lib/postgresql/15/bin");
    private static final String PSQL = System.getProperty("heroes.psql", "/usr/bin/psql");

    private static final String SCRAM_SECRETS = """
            SELECT rolname, rolpassword FROM pg_authid WHERE rolname = ANY (?) ORDER BY rolname
            """;

    private final Path dir;
    private final int port;
    private final String superuserPassword;

    private final List<String> extraSettings;

    private PostgresCluster(Path dir, int port, String superuserPassword, List<String> extraSettings) {
        this.dir = dir;
        this.port = port;
        this.superuserPassword = superuserPassword;
        this.extraSettings = List.copyOf(extraSettings);
    }

    /** Creates and starts a cluster in {@code dir} (which must belong to the postgres user when root). */
    static PostgresCluster start(Path dir, int port, String superuserPassword) {
        return start(dir, port, superuserPassword, List.of());
    }

    /** As {@link #start(Path, int, String)}, with more server settings ({@code name=value}, e.g. a Citus node's). */
    static PostgresCluster start(Path dir, int port, String superuserPassword, List<String> extraSettings) {
        PostgresCluster cluster = new PostgresCluster(dir, port, superuserPassword, extraSettings);
        cluster.initdb();
        cluster.pgCtlStart();
        return cluster;
    }

    private void initdb() {
        Path passwordFile = dir.resolve("superuser.pw");
        WorkDirectory.write(passwordFile, superuserPassword + "\n");
        Commands.giveToServiceUser(dir);
        Commands.runAsServiceUser(
                Map.of(),
                null,
                BIN + "/initdb",
                "-D",
                dataDir(),
                "-U",
                SUPERUSER,
                "--auth=scram-sha-256",
                "--pwfile=" + passwordFile,
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
                "--no-instructions");
    }

    private void pgCtlStart() {
        Commands.runAsServiceUser(
                Map.of(),
                null,
                BIN + "/pg_ctl",
                "-D",
                dataDir(),
                "-l",
                logFile().toString(),
                "-w",
                "-t",
                "60",
                "-o",
                serverOptions(),
                "start");
    }

    /** Starts the cluster again after {@link #stop()}: same port, data directory and settings. */
    void startAgain() {
        pgCtlStart();
    }

    /**
     * Restarts the cluster with the same port, data directory and settings; fast mode ends every open
     * connection (PgBouncer's server connections included). Returns once it accepts connections again.
     */
    void restart() {
        Commands.runAsServiceUser(
                Map.of(),
                null,
                BIN + "/pg_ctl",
                "-D",
                dataDir(),
                "-l",
                logFile().toString(),
                "-m",
                "fast",
                "-w",
                "-t",
                "60",
                "-o",
                serverOptions(),
                "restart");
    }

    private String serverOptions() {
        StringBuilder options = new StringBuilder(String.join(
                " ",
                "-p " + port,
                "-c listen_addresses=127.0.0.1",
                "-c unix_socket_directories=" + dir,
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off"));
        extraSettings.forEach(setting -> options.append(" -c ").append(setting));
        return options.toString();
    }

    /**
     * Runs the bootstrap script as the superuser. The roles' passwords reach psql on its standard input as
     * {@code \set} commands and the superuser's in a password file (libpq's {@code PGPASSFILE}, mode 600,
     * removed afterwards), never on a command line other users could see.
     */
    void bootstrap(Map<DbRole, String> passwords) {
        Path script = dir.resolve("create-roles-and-database.sql");
        WorkDirectory.write(script, ClasspathResources.read(ClasspathResources.BOOTSTRAP_SQL));
        StringBuilder stdin = new StringBuilder();
        stdin.append("\\set owner_password '")
                .append(passwords.get(DbRole.OWNER))
                .append("'\n");
        stdin.append("\\set writer_password '")
                .append(passwords.get(DbRole.WRITER))
                .append("'\n");
        stdin.append("\\set reader_password '")
                .append(passwords.get(DbRole.READER))
                .append("'\n");
        stdin.append("\\set backup_password '")
                .append(passwords.get(DbRole.BACKUP))
                .append("'\n");
        stdin.append("\\i ").append(script).append('\n');
        Path passwordFile = dir.resolve("bootstrap.pgpass");
        WorkDirectory.write(passwordFile, "127.0.0.1:" + port + ":*:" + SUPERUSER + ":" + superuserPassword + "\n");
        try {
            runBootstrap(passwordFile, stdin.toString());
        } finally {
            WorkDirectory.deleteRecursively(passwordFile);
        }
    }

    private void runBootstrap(Path passwordFile, String stdin) {
        Commands.run(
                List.of(
                        PSQL,
                        "-X",
                        "-q",
                        "-v",
                        "ON_ERROR_STOP=1",
                        "-h",
                        "127.0.0.1",
                        "-p",
                        Integer.toString(port),
                        "-U",
                        SUPERUSER,
                        "-d",
                        "postgres"),
                Map.of("PGPASSFILE", passwordFile.toString(), "PGCONNECT_TIMEOUT", "10"),
                stdin);
    }

    /** Each named role's SCRAM secret from pg_authid, for PgBouncer's auth file. */
    Map<String, String> scramSecrets(List<String> roles) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), SUPERUSER, superuserPassword);
                PreparedStatement statement = connection.prepareStatement(SCRAM_SECRETS)) {
            statement.setArray(1, connection.createArrayOf("text", roles.toArray()));
            Map<String, String> secrets = new LinkedHashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    secrets.put(rows.getString(1), rows.getString(2));
                }
            }
            if (secrets.size() != roles.size()) {
                throw new InfrastructureException(
                        "roles missing from pg_authid: wanted " + roles + ", found " + secrets.keySet());
            }
            return secrets;
        } catch (SQLException e) {
            throw new InfrastructureException("could not read SCRAM secrets from " + jdbcUrl(), e);
        }
    }

    /** Stops the cluster; fast mode ends the connections that test pools still hold. */
    void stop() {
        Commands.runAsServiceUser(
                Map.of(), null, BIN + "/pg_ctl", "-D", dataDir(), "-m", "fast", "-w", "-t", "30", "stop");
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** A connection to this cluster's application database as the superuser. */
    Connection superuserConnection() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), SUPERUSER, superuserPassword);
    }

    int port() {
        return port;
    }

    String superuserPassword() {
        return superuserPassword;
    }

    Path logFile() {
        return dir.resolve("postgresql.log");
    }

    private String dataDir() {
        return dir.resolve("data").toString();
    }
}
