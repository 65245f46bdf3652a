package org.heroes.analytics.testsupport;

import com.zaxxer.hikari.HikariConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.heroes.analytics.auth.TokenIssuer;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * PostgreSQL 15 with the roles and database of contract §5, PgBouncer in front of it and a KRaft Kafka
 * broker with every topic: started once per JVM on first {@link #get()}, on random ports with random
 * secrets, and stopped by a shutdown hook. Local processes by default; the project's container images with
 * {@code -Dheroes.infrastructure=containers} ({@link ContainerInfrastructure}).
 */
public final class HeroesInfrastructure {

    private static final System.Logger LOG = System.getLogger(HeroesInfrastructure.class.getName());
    private static final Object LOCK = new Object();
    private static HeroesInfrastructure instance;
    private static RuntimeException startFailure;

    private final Path workDir;
    private final Map<DbRole, String> passwords;
    private final TokenKeys tokenKeys;
    private final RoleDataSources dataSources = new RoleDataSources(this::hikariConfig);
    private final Stopper stopper;
    private PostgresCluster postgres;
    private CitusCluster citus;
    private PgBouncerProcess pgBouncer;
    private Path pgBouncerDir;
    private KafkaBroker kafka;
    private ContainerInfrastructure containers;
    private Map<String, String> environment;
    private boolean migrated;
    private final List<KafkaBrokerProcess> kafkaProcesses = new ArrayList<>();

    private HeroesInfrastructure(Path workDir, Map<DbRole, String> passwords, TokenKeys tokenKeys) {
        this.workDir = workDir;
        this.passwords = passwords;
        this.tokenKeys = tokenKeys;
        this.stopper = new Stopper(workDir);
    }

    /** The running infrastructure, started on the first call; a failed start fails every later call too. */
    public static HeroesInfrastructure get() {
        synchronized (LOCK) {
            if (startFailure != null) {
                throw new InfrastructureException("the test infrastructure failed to start earlier", startFailure);
            }
            if (instance == null) {
                try {
                    instance = start();
                } catch (RuntimeException e) {
                    startFailure = e;
                    throw e;
                }
            }
            return instance;
        }
    }

    private static HeroesInfrastructure start() {
        long began = System.nanoTime();
        if (ContainerInfrastructure.selected()) {
            return startInContainers(began);
        }
        StaleInfrastructure.reap();
        CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(KafkaBroker::start);
        Map<DbRole, String> passwords = new EnumMap<>(DbRole.class);
        for (DbRole role : DbRole.values()) {
            passwords.put(role, Randomness.secret(24));
        }
        Path workDir = WorkDirectory.create();
        TokenKeys tokenKeys =
                TokenKeys.generate(WorkDirectory.createSubdirectory(workDir, "jwt"), "test-" + Randomness.secret(8));
        HeroesInfrastructure infra = new HeroesInfrastructure(workDir, passwords, tokenKeys);
        infra.stopper.kafka(kafka);
        Runtime.getRuntime().addShutdownHook(new Thread(infra.stopper::stopAll, "heroes-infrastructure-stop"));
        try {
            infra.startDatabase();
            infra.kafka = kafka.join();
        } catch (RuntimeException e) {
            infra.stopper.stopAll();
            throw e;
        }
        infra.environment = EnvironmentVariables.of(
                infra.postgres.port(),
                infra.pgBouncer.port(),
                infra.kafka.bootstrapServers(),
                passwords,
                infra.tokenKeys);
        LOG.log(
                System.Logger.Level.INFO,
                "PostgreSQL on port " + infra.postgres.port() + ", PgBouncer on port " + infra.pgBouncer.port()
                        + ", Kafka at " + infra.kafka.bootstrapServers() + ", started in "
                        + (System.nanoTime() - began) / 1_000_000 + " ms");
        return infra;
    }

    /** The containers path ({@code -Dheroes.infrastructure=containers}): the project's images on Testcontainers. */
    private static HeroesInfrastructure startInContainers(long began) {
        Map<DbRole, String> passwords = new EnumMap<>(DbRole.class);
        for (DbRole role : DbRole.values()) {
            passwords.put(role, Randomness.secret(24));
        }
        Path workDir = WorkDirectory.create();
        TokenKeys tokenKeys =
                TokenKeys.generate(WorkDirectory.createSubdirectory(workDir, "jwt"), "test-" + Randomness.secret(8));
        HeroesInfrastructure infra = new HeroesInfrastructure(workDir, passwords, tokenKeys);
        Runtime.getRuntime().addShutdownHook(new Thread(infra.stopper::stopAll, "heroes-infrastructure-stop"));
        try {
            infra.containers =
                    ContainerInfrastructure.start(WorkDirectory.createSubdirectory(workDir, "containers"), passwords);
        } catch (RuntimeException e) {
            infra.stopper.stopAll();
            throw e;
        }
        infra.stopper.containers(infra.containers);
        infra.stopper.dataSources(infra.dataSources);
        infra.environment = EnvironmentVariables.of(
                infra.containers.postgresPort(),
                infra.containers.pgBouncerPort(),
                infra.containers.kafkaBootstrap(),
                passwords,
                tokenKeys);
        LOG.log(
                System.Logger.Level.INFO,
                "containers: PostgreSQL on port " + infra.containers.postgresPort() + ", PgBouncer on port "
                        + infra.containers.pgBouncerPort() + ", Kafka at " + infra.containers.kafkaBootstrap()
                        + ", started in " + (System.nanoTime() - began) / 1_000_000 + " ms");
        return infra;
    }

    /** What only the local processes can do (stop, restart, read their logs): refused on the containers path. */
    private void requireProcesses(String what) {
        if (containers != null) {
            throw new UnsupportedOperationException(
                    what + " needs the local processes, not -D" + ContainerInfrastructure.PROPERTY + "=containers");
        }
    }

    private void startDatabase() {
        Path postgresDir = WorkDirectory.createSubdirectory(workDir, "postgres");
        pgBouncerDir = WorkDirectory.createSubdirectory(workDir, "pgbouncer");
        Commands.giveToServiceUser(workDir);
        if (citusRequested()) {
            citus = CitusCluster.start(postgresDir, passwords, stopper);
            postgres = citus.coordinator();
        } else {
            postgres = PostgresCluster.start(postgresDir, Randomness.freePort(), passwords.get(DbRole.SUPERUSER));
            stopper.postgres(postgres);
            postgres.bootstrap(passwords);
        }
        stopper.pgBouncer(pgBouncerDir);
        pgBouncer = startPgBouncer(Randomness.freePort());
        stopper.dataSources(dataSources);
    }

    /**
     * {@code -Dheroes.infrastructure=citus}: the database is a Citus cluster (a coordinator and two workers, {@link
     * CitusCluster}), PgBouncer in front of the coordinator, and {@link #migrate()} distributes the tables after the
     * migrations. Anything else (the default, {@code postgres}): one PostgreSQL node.
     */
    static boolean citusRequested() {
        return "citus".equals(System.getProperty("heroes.infrastructure", "postgres"));
    }

    /** Whether this infrastructure's database is a Citus cluster ({@link #citusRequested()}). */
    public boolean citus() {
        return citus != null;
    }

    private PgBouncerProcess startPgBouncer(int port) {
        Map<String, String> secrets = postgres.scramSecrets(
                List.of(DbRole.SUPERUSER.userName(), DbRole.WRITER.userName(), DbRole.READER.userName()));
        return PgBouncerProcess.start(
                pgBouncerDir,
                port,
                postgres.port(),
                DbRole.SUPERUSER.userName(),
                secrets,
                DbRole.WRITER.userName(),
                passwords.get(DbRole.WRITER));
    }

    /**
     * Stops PgBouncer (an outage for every client that goes through it: WRITER and READER) until
     * {@link #startPgBouncer()}; idempotent.
     */
    public synchronized void stopPgBouncer() {
        requireProcesses("stopPgBouncer");
        PgBouncerProcess.stopIn(pgBouncerDir);
    }

    /** Starts PgBouncer again on the same port after {@link #stopPgBouncer()}; returns once it accepts. */
    public synchronized void startPgBouncer() {
        requireProcesses("startPgBouncer");
        pgBouncer = startPgBouncer(pgBouncer.port());
    }

    /**
     * Restarts PostgreSQL ({@code pg_ctl restart -m fast}, same port, data directory and settings): every
     * open connection ends, PgBouncer's included. Returns once the writer gets through PgBouncer again.
     */
    public synchronized void restartPostgres() {
        requireProcesses("restartPostgres");
        postgres.restart();
        pgBouncer.awaitReady(DbRole.WRITER.userName(), passwords.get(DbRole.WRITER));
    }

    /**
     * Stops worker {@code index} (0 or 1) of the Citus cluster ({@code pg_ctl stop -m fast}): its shards, and every
     * write to a reference table, fail until {@link #startCitusWorker(int)}. Only with {@code
     * -Dheroes.infrastructure=citus}.
     */
    public synchronized void stopCitusWorker(int index) {
        citusWorker(index).stop();
    }

    /** Starts worker {@code index} of the Citus cluster again after {@link #stopCitusWorker(int)}, same port. */
    public synchronized void startCitusWorker(int index) {
        citusWorker(index).startAgain();
    }

    private PostgresCluster citusWorker(int index) {
        if (citus == null) {
            throw new IllegalStateException("a Citus worker needs -Dheroes.infrastructure=citus");
        }
        return citus.workers().get(index);
    }

    /**
     * Starts a Kafka broker of its own as a separate process (not the shared embedded one), which a test
     * can stop and start again on the same ports and log directory; see {@link KafkaBrokerProcess}. The
     * caller closes it; the shutdown hook stops it if the caller does not.
     */
    public synchronized KafkaBrokerProcess startKafkaBrokerProcess() {
        KafkaBrokerProcess broker = KafkaBrokerProcess.start(
                WorkDirectory.createSubdirectory(workDir, "kafka-" + (kafkaProcesses.size() + 1)));
        stopper.kafkaProcess(broker);
        kafkaProcesses.add(broker);
        return broker;
    }

    /**
     * Every log file the infrastructure's processes write: PostgreSQL's server log, PgBouncer's log and the log
     * of each {@link #startKafkaBrokerProcess() Kafka broker process}. The shared embedded broker logs into the
     * test JVM's own output. Kafka's data files (also named {@code *.log}) are not logs and are not listed.
     */
    public synchronized List<Path> logFiles() {
        requireProcesses("logFiles");
        List<Path> logs = new ArrayList<>(List.of(postgres.logFile(), PgBouncerProcess.logFile(pgBouncerDir)));
        if (citus != null) {
            citus.workers().forEach(worker -> logs.add(worker.logFile()));
        }
        kafkaProcesses.forEach(broker -> logs.add(broker.logFile()));
        return logs;
    }

    /** The HEROES_* variables of {@code scripts/stack.sh env} for this infrastructure (no service ports). */
    public Map<String, String> environment() {
        return environment;
    }

    /** Adds {@link #environment()} to a Spring test's properties (for {@code @DynamicPropertySource}). */
    public void registerProperties(DynamicPropertyRegistry registry) {
        environment.forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * What a service that connects as {@code roles} is given, as on the stack: {@link #environment()} without the
     * password and URI of every other database role (none for ingest-service, {@code WRITER} for the aggregator,
     * {@code READER} for query-service). Each service holds only its own role's credentials.
     */
    public Map<String, String> serviceEnvironment(DbRole... roles) {
        return EnvironmentVariables.forRoles(environment, List.of(roles));
    }

    /** Adds {@link #serviceEnvironment} to a Spring test's properties (for {@code @DynamicPropertySource}). */
    public void registerServiceProperties(DynamicPropertyRegistry registry, DbRole... roles) {
        serviceEnvironment(roles).forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * Runs the schemas module's Flyway migrations as heroes_owner, straight to PostgreSQL (the coordinator on Citus,
     * then the distribution step); idempotent. The step of its own that {@code scripts/migrate.sh} is on the stack: no
     * service migrates, so a test that starts one calls this first.
     */
    public synchronized void migrate() {
        if (!migrated) {
            Flyway.configure()
                    .dataSource(jdbcUrl(DbRole.OWNER), user(DbRole.OWNER), password(DbRole.OWNER))
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
            if (citus != null) {
                citus.distribute();
            }
            migrated = true;
        }
    }

    /** JDBC URL of a role; WRITER and READER go through PgBouncer with {@code prepareThreshold=0}. */
    public String jdbcUrl(DbRole role) {
        if (containers != null) {
            return containers.jdbcUrl(role);
        }
        return role.throughPgBouncer() ? pgBouncer.jdbcUrl() : postgres.jdbcUrl();
    }

    public String user(DbRole role) {
        return role.userName();
    }

    public String password(DbRole role) {
        return passwords.get(role);
    }

    /** A small pool of connections as {@code role}, for set-up and assertions in tests. */
    public DataSource dataSource(DbRole role) {
        return dataSources.of(role);
    }

    public String kafkaBootstrap() {
        return containers != null ? containers.kafkaBootstrap() : kafka.bootstrapServers();
    }

    /**
     * This JVM's token issuer: an EC P-256 key pair generated at start, whose public JWK set file the services are
     * given ({@code HEROES_JWT_JWK_SET} in {@link #environment()}) and whose private key only the tests hold.
     */
    public TokenKeys tokenKeys() {
        return tokenKeys;
    }

    /** Mints tokens the services accept: {@code tokenKeys().issuer()}. */
    public TokenIssuer tokens() {
        return tokenKeys.issuer();
    }

    /** Empties every application table (all but Flyway's history), as the superuser. */
    public void truncateAll() {
        TableTruncator.truncateAll(dataSource(DbRole.SUPERUSER));
    }

    private HikariConfig hikariConfig(DbRole role) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl(role));
        config.setUsername(user(role));
        config.setPassword(password(role));
        return config;
    }
}
