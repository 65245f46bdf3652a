package org.heroes.analytics.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The containers path of {@link HeroesInfrastructure}, selected with {@code -Dheroes.infrastructure=containers} where a
 * Docker engine answers: the project's own images (scripts/lib/images.sh builds them; docs/adr/0027) on Testcontainers
 * instead of local processes. PostgreSQL ({@code heroes/postgres}, TLS only) with the roles bootstrapped by the image's
 * {@code heroes-db-init} over its own socket; PgBouncer ({@code heroes/pgbouncer}, TLS both sides) on the same network;
 * a KRaft broker from {@code heroes/kafka}, a compatible substitute for {@code apache/kafka}, which Testcontainers'
 * {@link KafkaContainer} configures. Certificates and the CA come from scripts/lib/deploy-secrets.sh and are mounted
 * read-only, as compose mounts them. Local processes stay the default: they start faster.
 *
 * <p>Needs the variables {@code TESTCONTAINERS_RYUK_DISABLED=true} (Ryuk's image cannot be pulled: {@link #stop()}
 * removes the containers) and {@code TESTCONTAINERS_HOST_OVERRIDE=localhost} where no registry answers.
 */
final class ContainerInfrastructure {

    static final String PROPERTY = "heroes.infrastructure";
    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final int SECRETS_GID = 10000;
    private static final int POSTGRES_UID = 999;

    private final Path secrets;
    private final Network network;
    private final GenericContainer<?> postgres;
    private final GenericContainer<?> pgBouncer;
    private final KafkaContainer kafka;

    private ContainerInfrastructure(
            Path secrets,
            Network network,
            GenericContainer<?> postgres,
            GenericContainer<?> pgBouncer,
            KafkaContainer kafka) {
        this.secrets = secrets;
        this.network = network;
        this.postgres = postgres;
        this.pgBouncer = pgBouncer;
        this.kafka = kafka;
    }

    /**
     * Whether this JVM runs the infrastructure in containers ({@code -Dheroes.infrastructure=containers}); {@code
     * citus} runs local processes too (a Citus cluster instead of one PostgreSQL, {@link HeroesInfrastructure}).
     */
    static boolean selected() {
        String mode = System.getProperty(PROPERTY, "processes");
        if (!List.of("containers", "processes", "citus").contains(mode)) {
            throw new InfrastructureException(PROPERTY + " must be processes, containers or citus, not " + mode);
        }
        return mode.equals("containers");
    }

    static ContainerInfrastructure start(Path workDir, Map<DbRole, String> passwords) {
        Path secrets = secrets(workDir, passwords);
        Path authDir = WorkDirectory.createSubdirectory(workDir, "pgbouncer-auth");
        Commands.run(List.of("chown", POSTGRES_UID + ":" + POSTGRES_UID, authDir.toString()), Map.of(), null);
        Network network = Network.newNetwork();
        KafkaContainer kafka = new KafkaContainer(DockerImageName.parse("heroes/kafka:" + AppInfoParser.getVersion())
                        .asCompatibleSubstituteFor("apache/kafka"))
                .withStartupTimeout(STARTUP);
        GenericContainer<?> postgres = new GenericContainer<>(DockerImageName.parse("heroes/postgres:15"))
                .withNetwork(network)
                .withNetworkAliases("postgres")
                .withExposedPorts(5432)
                .withFileSystemBind(authDir.toString(), "/var/lib/heroes/pgbouncer-auth", BindMode.READ_WRITE)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP));
        mount(postgres, secrets, "postgres.crt", "tls.crt");
        mount(postgres, secrets, "postgres.key", "tls.key");
        for (DbRole role : DbRole.values()) {
            mount(postgres, secrets, passwordFile(role), passwordFile(role));
        }
        GenericContainer<?> pgBouncer = new GenericContainer<>(DockerImageName.parse("heroes/pgbouncer:1.18"))
                .withNetwork(network)
                .withNetworkAliases("pgbouncer")
                .withExposedPorts(6432)
                .withFileSystemBind(authDir.toString(), "/var/lib/heroes/pgbouncer-auth", BindMode.READ_ONLY)
                .waitingFor(Wait.forHealthcheck().withStartupTimeout(STARTUP));
        mount(pgBouncer, secrets, "ca.crt", "ca.crt");
        mount(pgBouncer, secrets, "pgbouncer.crt", "tls.crt");
        mount(pgBouncer, secrets, "pgbouncer.key", "tls.key");
        ContainerInfrastructure containers = new ContainerInfrastructure(secrets, network, postgres, pgBouncer, kafka);
        try {
            kafka.start();
            postgres.start();
            // the roles, the database and PgBouncer's auth file, as compose's db-init does, over the container's socket
            ExecResult init = postgres.execInContainer("env", "PGHOST=/var/run/postgresql", "heroes-db-init");
            if (init.getExitCode() != 0) {
                throw new InfrastructureException("heroes-db-init failed: " + init.getStdout() + init.getStderr());
            }
            pgBouncer.start();
            KafkaTopics.create(kafka.getBootstrapServers());
            return containers;
        } catch (IOException | RuntimeException e) {
            containers.stop();
            throw e instanceof RuntimeException runtime
                    ? runtime
                    : new InfrastructureException("could not start the containers", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            containers.stop();
            throw new InfrastructureException("interrupted while starting the containers", e);
        }
    }

    /** The CA, server certificates (scripts/lib/deploy-secrets.sh) and this JVM's passwords, as compose mounts them. */
    private static Path secrets(Path workDir, Map<DbRole, String> passwords) {
        Path secrets = workDir.resolve("secrets");
        try {
            Files.createDirectories(secrets);
            for (DbRole role : DbRole.values()) {
                Files.writeString(secrets.resolve(passwordFile(role)), passwords.get(role), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new InfrastructureException("could not write the secrets into " + secrets, e);
        }
        Commands.run(
                List.of(
                        "bash",
                        repository().resolve("scripts/lib/deploy-secrets.sh").toString(),
                        secrets.toString()),
                Map.of(),
                null);
        for (DbRole role : DbRole.values()) {
            String file = secrets.resolve(passwordFile(role)).toString();
            Commands.run(List.of("chgrp", Integer.toString(SECRETS_GID), file), Map.of(), null);
            Commands.run(List.of("chmod", "0640", file), Map.of(), null);
        }
        return secrets;
    }

    private static String passwordFile(DbRole role) {
        return "HEROES_PG_" + role.variableSuffix() + "_PASSWORD";
    }

    private static void mount(GenericContainer<?> container, Path secrets, String file, String target) {
        container.withFileSystemBind(secrets.resolve(file).toString(), "/run/secrets/" + target, BindMode.READ_ONLY);
    }

    /** The repository: the nearest folder up from this JVM's working directory (a module's) with scripts/lib. */
    private static Path repository() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("scripts/lib/deploy-secrets.sh"))) {
                return dir;
            }
        }
        throw new InfrastructureException(
                "no scripts/lib/deploy-secrets.sh above " + Path.of("").toAbsolutePath());
    }

    int postgresPort() {
        return postgres.getMappedPort(5432);
    }

    int pgBouncerPort() {
        return pgBouncer.getMappedPort(6432);
    }

    String kafkaBootstrap() {
        return kafka.getBootstrapServers();
    }

    /**
     * JDBC URL of a role on the host's mapped port: TLS, the server's certificate and name verified against the CA;
     * WRITER and READER through PgBouncer with {@code prepareThreshold=0}.
     */
    String jdbcUrl(DbRole role) {
        String tls = "sslmode=verify-full&sslrootcert=" + secrets.resolve("ca.crt");
        return role.throughPgBouncer()
                ? "jdbc:postgresql://127.0.0.1:" + pgBouncerPort() + "/" + PostgresCluster.DATABASE
                        + "?prepareThreshold=0&" + tls
                : "jdbc:postgresql://127.0.0.1:" + postgresPort() + "/" + PostgresCluster.DATABASE + "?" + tls;
    }

    void stop() {
        pgBouncer.stop();
        postgres.stop();
        kafka.stop();
        network.close();
    }
}
