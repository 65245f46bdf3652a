package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.io.FileSystemResource;

/**
 * docker-compose.yml against what the services themselves read (issue #8); the compose system test
 * (scripts/lib/compose-test.sh) runs it, this keeps it from drifting from the code between runs. Each service runs under its
 * own name, gets every HEROES_* variable its configuration reads and no variable nothing reads, listens,
 * publishes and is health-checked on the port its configuration defaults to, and reaches PostgreSQL,
 * PgBouncer and Kafka where compose runs them; secrets come only from the environment; every variable
 * is documented in .env.example with the default compose uses; PgBouncer keeps the DBA plan's pool and
 * the broker and PostgreSQL the versions the local stack runs. Changing, say, ingest-service's default
 * port or the compose port mapping alone fails {@link #eachServiceListensPublishesAndIsCheckedOnItsPort}.
 */
class ComposeContractTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> SERVICES = List.of("aggregator-service", "ingest-service", "query-service");
    private static final List<String> INFRASTRUCTURE =
            List.of("postgres", "pgbouncer", "kafka-1", "kafka-2", "kafka-3");
    private static final List<String> BROKERS = List.of("kafka-1", "kafka-2", "kafka-3");
    private static final String VERSION = "0.1.0-SNAPSHOT";
    private static final String CA = "/run/secrets/ca.crt";

    /**
     * Spring properties compose sets by their relaxed names, for TLS only: the configuration's own URLs with
     * sslmode=verify-full, and the Kafka clients' protocol and trust store (docs/adr/0027).
     */
    private static final Set<String> TLS_OVERRIDES = Set.of(
            "SPRING_DATASOURCE_URL",
            "AGGREGATOR_PGBOUNCERMETRICS_URL",
            "SPRING_KAFKA_SECURITY_PROTOCOL",
            "SPRING_KAFKA_SSL_TRUSTSTORETYPE",
            "SPRING_KAFKA_SSL_TRUSTSTORELOCATION");

    /** Read by the services' image (docker/service/Dockerfile's entrypoint), not by their configuration. */
    private static final Set<String> READ_BY_THE_IMAGE = Set.of("HEROES_SERVICE_JAVA_OPTS");

    /** Read by a service but not set by compose: a folder on the host means nothing inside a container. */
    private static final Set<String> NOT_FOR_CONTAINERS = Set.of("HEROES_EXTRA_SCHEMAS_DIR");

    private static final Pattern SECRET = Pattern.compile("PASSWORD|SECRET");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]+}");
    private static final Pattern SPRING_PORT = Pattern.compile("\\$\\{(HEROES_[A-Z_]+_PORT):(\\d+)}");
    /** A file of the secrets folder, which compose requires: "${HEROES_SECRETS_DIR:?…}/NAME". */
    private static final Pattern REQUIRED_SECRETS_FILE =
            Pattern.compile("\\$\\{HEROES_SECRETS_DIR:\\?[^}]+}/[\\w./-]+");

    /** The DBA plan's pool (contract §5) and what transaction pooling needs, as the shared template has them. */
    private static final List<String> POOL_SETTINGS = List.of(
            "pool_mode",
            "max_client_conn",
            "default_pool_size",
            "reserve_pool_size",
            "reserve_pool_timeout",
            "max_db_connections",
            "max_user_connections",
            "auth_type",
            "ignore_startup_parameters",
            "server_reset_query");

    private static final YamlFile COMPOSE = YamlFile.read(REPO.resolve("docker-compose.yml"));

    @Test
    void eachServiceRunsUnderItsOwnNameFromItsOwnJar() {
        assertThat(COMPOSE.map("services")).containsKeys(SERVICES.toArray(String[]::new));
        assertThat(COMPOSE.map("services")).containsKeys(INFRASTRUCTURE.toArray(String[]::new));
        for (String service : SERVICES) {
            assertThat(config(service).text("spring", "application", "name"))
                    .as("spring.application.name of %s", service)
                    .isEqualTo(service);
            assertThat(COMPOSE.text("services", service, "image"))
                    .as("the image of %s (scripts/lib/images.sh builds it from the module's jar)", service)
                    .isEqualTo("heroes/" + service + ":" + VERSION);
        }
        assertThat(REPO.resolve("docker/service/Dockerfile")).isRegularFile();
        assertThat(read("scripts/lib/images.sh"))
                .contains("MODULES=(aggregator-service ingest-service query-service cli)");
    }

    @Test
    void eachServiceGetsEveryVariableItsConfigurationReadsAndNoOther() {
        List<String> missing = new ArrayList<>();
        List<String> unread = new ArrayList<>();
        for (String service : SERVICES) {
            Set<String> read = config(service).springVariables();
            Set<String> given = new HashSet<>(COMPOSE.environment(service).keySet());
            given.addAll(secretVariables(service));
            given.removeAll(TLS_OVERRIDES);
            read.stream()
                    .filter(name -> !given.contains(name) && !NOT_FOR_CONTAINERS.contains(name))
                    .forEach(name -> missing.add(service + ": " + name));
            given.stream()
                    .filter(name -> !read.contains(name) && !READ_BY_THE_IMAGE.contains(name))
                    .forEach(name -> unread.add(service + ": " + name));
        }
        assertThat(missing)
                .as("variables a service reads that compose does not set")
                .isEmpty();
        assertThat(unread)
                .as("variables compose sets that the service never reads")
                .isEmpty();
    }

    /**
     * Either the variable is a secret, a file of the required secrets folder mounted read-only (the image's
     * heroes-secrets-env makes it the variable), or it names, inside the container, a file compose mounts read-only
     * from a path under that required folder (the JWK set: {@code HEROES_JWT_JWK_SET} is the fixed mount target).
     */
    @Test
    void whatAServiceCannotStartWithoutIsRequiredFromTheEnvironment() {
        for (String service : SERVICES) {
            Map<String, String> environment = COMPOSE.environment(service);
            Map<String, String> readOnlyMounts = readOnlyBindMounts(service);
            for (String name : config(service).requiredSpringVariables()) {
                String value = environment.get(name);
                if (value != null && readOnlyMounts.containsKey(value)) {
                    assertThat(readOnlyMounts.get(value))
                            .as("the host file %s's %s names (mounted at %s)", service, name, value)
                            .matches(REQUIRED_SECRETS_FILE);
                } else {
                    assertThat(secretVariables(service))
                            .as("%s's %s, which has no default in its configuration: a secret", service, name)
                            .contains(name);
                    assertThat(COMPOSE.text("secrets", name, "file"))
                            .as("the file of secret %s", name)
                            .matches(REQUIRED_SECRETS_FILE);
                }
            }
        }
    }

    /**
     * Issue 17, finding 1: no container is given a key that can sign tokens. The services that verify tokens get the
     * issuer's public JWK set, a required host file mounted read-only; no variable or mount of any service names a
     * private key.
     */
    @Test
    void noServiceIsGivenAKeyThatCanSignTokens() {
        for (String service : List.of("ingest-service", "query-service")) {
            String jwkSet = COMPOSE.environment(service).get("HEROES_JWT_JWK_SET");
            assertThat(readOnlyBindMounts(service).get(jwkSet))
                    .as("%s's read-only mount of the public JWK set", service)
                    .matches(REQUIRED_SECRETS_FILE)
                    .endsWith("}/jwt/jwk-set.json");
        }
        for (String service : COMPOSE.map("services").keySet()) {
            assertThat(COMPOSE.environment(service).keySet())
                    .as("%s's variables", service)
                    .noneMatch(name -> name.contains("PRIVATE_KEY") || name.equals("HEROES_JWT_SECRET"));
            assertThat(COMPOSE.environment(service).values())
                    .as("%s's variables", service)
                    .noneMatch(value -> value.contains("PRIVATE_KEY") || value.contains("private-key"));
            assertThat(COMPOSE.list("services", service, "volumes"))
                    .as("%s's volumes", service)
                    .noneMatch(volume -> volume.contains("PRIVATE_KEY") || volume.contains("private-key"));
            assertThat(COMPOSE.list("services", service, "secrets"))
                    .as("%s's secrets", service)
                    .noneMatch(secret -> secret.contains("private-key") || secret.contains("jwt"));
        }
        COMPOSE.map("secrets")
                .forEach((name, secret) ->
                        assertThat(String.valueOf(secret)).as("secret %s", name).doesNotContain("private-key"));
    }

    @Test
    void eachServiceListensPublishesAndIsCheckedOnItsPort() {
        Map<String, String> documented = envExample();
        List<String> targets = prometheusTargets();
        for (String service : SERVICES) {
            YamlFile config = config(service);
            Matcher port = SPRING_PORT.matcher(config.text("server", "port"));
            assertThat(port.matches()).as("%s's server.port", service).isTrue();
            String variable = port.group(1);
            String number = port.group(2);

            assertThat(COMPOSE.environment(service))
                    .as("%s's environment", service)
                    .containsEntry(variable, number)
                    .as("%s listens on every interface of its container, published on the host's loopback", service)
                    .containsEntry("HEROES_BIND_ADDRESS", "0.0.0.0");
            assertThat(config.text("server", "address"))
                    .as("%s's server.address: the loopback unless told otherwise (issue 17, finding 6)", service)
                    .isEqualTo("${HEROES_BIND_ADDRESS:127.0.0.1}");
            assertThat(COMPOSE.list("services", service, "ports"))
                    .as("%s's published port", service)
                    .containsExactly("127.0.0.1:${" + variable + ":-" + number + "}:" + number);
            assertThat(COMPOSE.words("services", service, "healthcheck", "test"))
                    .as("%s's healthcheck", service)
                    .contains("http://127.0.0.1:" + number + "/actuator/health/readiness");
            assertThat(config.text("management", "endpoint", "health", "probes", "enabled"))
                    .as("%s's readiness probe", service)
                    .isEqualTo("true");
            assertThat(targets).as("Prometheus targets").contains(service + ":" + number);
            assertThat(documented)
                    .as(".env.example (the design's default ports)")
                    .containsEntry(variable, number);
        }
    }

    @Test
    void theServicesReachPostgresPgBouncerAndKafkaWhereComposeRunsThem() {
        String postgresPort = containerPort("postgres");
        String pgBouncerPort = containerPort("pgbouncer");
        Map<String, String> pgBouncer = ini(REPO.resolve("docker/pgbouncer/pgbouncer.ini"));
        assertThat(pgBouncer).containsEntry("pgbouncer.listen_port", pgBouncerPort);
        assertThat(pgBouncer.get("databases.heroes_in_waiting"))
                .contains("host=postgres", "port=" + postgresPort, "dbname=heroes_in_waiting");

        String kafka = String.join(
                ",",
                BROKERS.stream()
                        .map(broker -> broker + ":" + internalKafkaPort())
                        .toList());
        assertThat(COMPOSE.environment("kafka-topics")).containsEntry("HEROES_KAFKA_BOOTSTRAP", kafka);
        Map<String, String> expected = Map.of(
                "HEROES_PG_HOST", "postgres",
                "HEROES_PG_PORT", postgresPort,
                "HEROES_PGBOUNCER_HOST", "pgbouncer",
                "HEROES_PGBOUNCER_PORT", pgBouncerPort,
                "HEROES_KAFKA_BOOTSTRAP", kafka);
        for (String service : SERVICES) {
            Map<String, String> environment = COMPOSE.environment(service);
            expected.forEach((name, value) -> {
                if (environment.containsKey(name)) {
                    assertThat(environment.get(name))
                            .as("%s's %s", service, name)
                            .isEqualTo(value);
                }
            });
        }
    }

    @Test
    void resolvedWithComposesEnvironmentTheServicesConnectWhereComposeRunsThings() {
        PropertyResolver aggregator = resolved("aggregator-service", COMPOSE.environment("aggregator-service"));
        String brokers = "kafka-1:9092,kafka-2:9092,kafka-3:9092";
        String tls = "&sslmode=verify-full&sslrootcert=" + CA;
        assertThat(aggregator.getProperty("spring.datasource.url"))
                .startsWith("jdbc:postgresql://pgbouncer:6432/heroes_in_waiting?");
        assertThat(COMPOSE.environment("aggregator-service"))
                .as("the aggregator's URLs: its configuration's, with TLS verified against the deployment's CA")
                .containsEntry("SPRING_DATASOURCE_URL", aggregator.getProperty("spring.datasource.url") + tls)
                .containsEntry(
                        "AGGREGATOR_PGBOUNCERMETRICS_URL",
                        aggregator.getProperty("aggregator.pgbouncer-metrics.url") + tls);
        assertThat(aggregator.getProperty("spring.flyway.url"))
                .as("the aggregator migrates nothing (the one-shot migrate does)")
                .isNull();
        assertThat(aggregator.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(brokers);

        PropertyResolver query = resolved("query-service", COMPOSE.environment("query-service"));
        assertThat(query.getProperty("spring.datasource.url"))
                .startsWith("jdbc:postgresql://pgbouncer:6432/heroes_in_waiting?");
        assertThat(COMPOSE.environment("query-service"))
                .containsEntry("SPRING_DATASOURCE_URL", query.getProperty("spring.datasource.url") + tls);
        assertThat(resolved("ingest-service", COMPOSE.environment("ingest-service"))
                        .getProperty("spring.kafka.bootstrap-servers"))
                .isEqualTo(brokers);
        for (String service : List.of("aggregator-service", "ingest-service")) {
            assertThat(COMPOSE.environment(service))
                    .as("%s's Kafka clients: TLS, the brokers' certificates verified against the CA", service)
                    .containsEntry("SPRING_KAFKA_SECURITY_PROTOCOL", "SSL")
                    .containsEntry("SPRING_KAFKA_SSL_TRUSTSTORETYPE", "PEM")
                    .containsEntry("SPRING_KAFKA_SSL_TRUSTSTORELOCATION", "file:" + CA);
        }

        // the local stack and test-support set no HEROES_PGBOUNCER_HOST: PgBouncer is on HEROES_PG_HOST
        assertThat(resolved(
                                "aggregator-service",
                                Map.of("HEROES_PG_HOST", "db.example", "HEROES_PGBOUNCER_PORT", "7432"))
                        .getProperty("spring.datasource.url"))
                .startsWith("jdbc:postgresql://db.example:7432/heroes_in_waiting?");
    }

    @Test
    void everythingStartsOnlyOnceWhatItNeedsIsHealthyOrDone() {
        Map<String, Object> services = COMPOSE.map("services");
        for (String service : services.keySet()) {
            boolean oneShot = "no".equals(COMPOSE.text("services", service, "restart"));
            assertThat(oneShot
                            || !COMPOSE.map("services", service, "healthcheck").isEmpty())
                    .as("%s, which keeps running, has a healthcheck", service)
                    .isTrue();
            COMPOSE.map("services", service, "depends_on").forEach((needed, how) -> {
                String condition = COMPOSE.text("services", service, "depends_on", needed, "condition");
                boolean neededIsOneShot = "no".equals(COMPOSE.text("services", needed, "restart"));
                assertThat(condition)
                        .as("%s waits for %s", service, needed)
                        .isEqualTo(neededIsOneShot ? "service_completed_successfully" : "service_healthy");
            });
        }
        assertThat(COMPOSE.map("services", "query-service", "depends_on"))
                .as("query-service starts on a migrated database")
                .containsKey("migrate");
    }

    /**
     * Least privilege (issue 17): the migrations are a one-shot step of their own, the CLI's migrate as the owner,
     * and the aggregator starts only once it is done; no long-running service holds the owner's password, and
     * each holds its own database role's password only (ingest none).
     */
    @Test
    void migrationsAreAOneShotOfTheirOwnAndEachServiceHoldsOnlyItsOwnRolesPassword() {
        assertThat(COMPOSE.text("services", "migrate", "restart")).isEqualTo("no");
        assertThat(COMPOSE.text("services", "migrate", "image"))
                .as("the image of the CLI (module cli)")
                .isEqualTo("heroes/cli:" + VERSION);
        assertThat(COMPOSE.list("services", "migrate", "command"))
                .containsExactly(
                        "migrate",
                        "--url",
                        "jdbc:postgresql://postgres:" + containerPort("postgres")
                                + "/heroes_in_waiting?sslmode=verify-full&sslrootcert=" + CA);
        String migrate = read("cli/src/main/java/org/heroes/analytics/cli/migrate/MigrateCommand.java");
        assertThat(migrate).as("the CLI's migrate reads the owner's password").contains("HEROES_PG_OWNER_PASSWORD");
        assertThat(secretVariables("migrate")).containsExactly("HEROES_PG_OWNER_PASSWORD");
        assertThat(COMPOSE.text("services", "aggregator-service", "depends_on", "migrate", "condition"))
                .as("the aggregator waits for the migrations")
                .isEqualTo("service_completed_successfully");

        Map<String, String> ownPassword = Map.of(
                "aggregator-service", "HEROES_PG_WRITER_PASSWORD",
                "query-service", "HEROES_PG_READER_PASSWORD");
        for (String service : SERVICES) {
            List<String> passwords = secretVariables(service).stream()
                    .filter(name -> name.startsWith("HEROES_PG_") && name.endsWith("_PASSWORD"))
                    .toList();
            assertThat(passwords)
                    .as("%s's database passwords", service)
                    .isEqualTo(ownPassword.containsKey(service) ? List.of(ownPassword.get(service)) : List.of());
        }
        List<String> holdingTheOwnersPassword = COMPOSE.map("services").keySet().stream()
                .filter(service -> secretVariables(service).contains("HEROES_PG_OWNER_PASSWORD"))
                .sorted()
                .toList();
        assertThat(holdingTheOwnersPassword)
                .as("the one-shots that set up and migrate the database, nothing that keeps running")
                .containsExactly("db-init", "migrate");
    }

    /** Secrets are files of the required secrets folder, mounted read-only; no value of one is in the file. */
    @Test
    void everySecretIsAFileOfTheRequiredSecretsFolderNeverAVariable() {
        COMPOSE.map("secrets")
                .forEach((name, secret) -> assertThat(COMPOSE.text("secrets", name, "file"))
                        .as("secret %s", name)
                        .matches(REQUIRED_SECRETS_FILE));
        for (String service : COMPOSE.map("services").keySet()) {
            assertThat(COMPOSE.environment(service).keySet())
                    .as("%s's variables: no secret's value among them", service)
                    .noneMatch(name -> SECRET.matcher(name).find());
        }
    }

    @Test
    void everySecretComesFromTheEnvironmentWithoutADefault() {
        List<String> defaulted = COMPOSE.composeExpressions().stream()
                .filter(expression -> SECRET.matcher(variableOf(expression)).find())
                .filter(expression -> !REQUIRED.matcher(expression.substring(expression.indexOf("${")))
                        .matches())
                .toList();
        assertThat(defaulted)
                .as("secrets interpolated other than as ${NAME:?message}")
                .isEmpty();

        List<String> literal = new ArrayList<>();
        for (String service : COMPOSE.map("services").keySet()) {
            COMPOSE.environment(service).forEach((name, value) -> {
                Matcher required = REQUIRED.matcher(value);
                if (SECRET.matcher(name).find()
                        && !(required.matches()
                                && SECRET.matcher(required.group(1)).find())) {
                    literal.add(service + ": " + name);
                }
            });
        }
        assertThat(literal)
                .as("secrets set to anything but a required secret variable")
                .isEmpty();

        envExample().forEach((name, value) -> {
            if (SECRET.matcher(name).find()) {
                assertThat(value).as(".env.example's %s", name).isEmpty();
            }
        });
    }

    @Test
    void everyVariableIsDocumentedInEnvExampleWithTheDefaultComposeUses() {
        Map<String, String> documented = envExample();
        assertThat(documented.keySet()).as(".env.example").isEqualTo(COMPOSE.composeVariables());

        Pattern withDefault = Pattern.compile("\\$\\{([A-Z0-9_]+):-([^}]*)}");
        for (String expression : COMPOSE.composeExpressions()) {
            Matcher m = withDefault.matcher(expression);
            while (m.find()) {
                assertThat(documented.get(m.group(1)))
                        .as(".env.example's %s (compose: %s)", m.group(1), expression)
                        .isEqualTo(m.group(2));
            }
        }
    }

    @Test
    void pgBouncerKeepsThePlansPoolInACurrentRelease() {
        Map<String, String> compose = ini(REPO.resolve("docker/pgbouncer/pgbouncer.ini"));
        Map<String, String> template =
                ini(REPO.resolve("schemas/src/main/resources/db/pgbouncer/pgbouncer.ini.template"));
        for (String setting : POOL_SETTINGS) {
            assertThat(compose.get("pgbouncer." + setting))
                    .as("%s, as the local stack and the tests have it", setting)
                    .isNotNull()
                    .isEqualTo(template.get("pgbouncer." + setting));
        }
        assertThat(compose).containsEntry("pgbouncer.pool_mode", "transaction");
        assertThat(compose).containsEntry("pgbouncer.auth_type", "scram-sha-256");
        assertThat(COMPOSE.text("services", "pgbouncer", "image"))
                .as("Debian's PgBouncer, the local stack's and the tests' (every JDBC URL sets prepareThreshold=0)")
                .isEqualTo("heroes/pgbouncer:1.18");
        assertThat(compose)
                .as("TLS required from clients, and verified towards PostgreSQL")
                .containsEntry("pgbouncer.client_tls_sslmode", "require")
                .containsEntry("pgbouncer.server_tls_sslmode", "verify-full")
                .containsEntry("pgbouncer.server_tls_ca_file", CA);

        String authDirectory =
                Path.of(compose.get("pgbouncer.auth_file")).getParent().toString();
        assertThat(COMPOSE.list("services", "pgbouncer", "volumes"))
                .contains("pgbouncer-auth:" + authDirectory + ":ro");
        assertThat(COMPOSE.list("services", "db-init", "volumes")).contains("pgbouncer-auth:" + authDirectory);
    }

    @Test
    void kafkaAndPostgresAreTheVersionsTheLocalStackRuns() {
        String kafkaVersion = find("<kafka.version>([^<]+)</kafka.version>", read("scripts/kafka/pom.xml"));
        for (String service : List.of("kafka-1", "kafka-2", "kafka-3", "kafka-topics")) {
            assertThat(COMPOSE.text("services", service, "image")).isEqualTo("heroes/kafka:" + kafkaVersion);
        }
        String postgresMajor = find("/usr/lib/postgresql/(\\d+)/bin", read("scripts/lib/postgres.sh"));
        assertThat(COMPOSE.text("services", "postgres", "image")).isEqualTo("heroes/postgres:" + postgresMajor);
        assertThat(COMPOSE.text("services", "db-init", "image")).isEqualTo("heroes/postgres:" + postgresMajor);
        assertThat(read("docker/postgres/Dockerfile")).contains("postgresql-" + postgresMajor);
    }

    /**
     * Three brokers, each broker and controller of one quorum; topics replicated 3 times with min.insync.replicas 2
     * and unclean leader election off; TLS between brokers, controllers and clients, verified against the
     * deployment's CA; the one plain-text listener is the one published on the host's loopback, for operator tools.
     */
    @Test
    void kafkaIsThreeBrokersReplicatedOverTls() {
        for (String broker : BROKERS) {
            Map<String, String> environment = COMPOSE.environment(broker);
            assertThat(environment)
                    .as("%s's settings", broker)
                    .containsEntry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093")
                    .containsEntry("KAFKA_MIN_INSYNC_REPLICAS", "2")
                    .containsEntry("KAFKA_DEFAULT_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "3")
                    .containsEntry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "2")
                    .containsEntry("KAFKA_UNCLEAN_LEADER_ELECTION_ENABLE", "false")
                    .containsEntry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
                    .containsEntry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "SSL:SSL,CONTROLLER:SSL,HOST:PLAINTEXT")
                    .containsEntry("KAFKA_INTER_BROKER_LISTENER_NAME", "SSL")
                    .containsEntry("KAFKA_SSL_TRUSTSTORE_LOCATION", CA);
            assertThat(environment.get("KAFKA_ADVERTISED_LISTENERS"))
                    .startsWith("SSL://" + broker + ":9092,HOST://127.0.0.1:");
            assertThat(COMPOSE.list("services", broker, "ports"))
                    .as("%s: only the plain-text HOST listener is published, on the host's loopback", broker)
                    .singleElement()
                    .satisfies(port -> assertThat(port).startsWith("127.0.0.1:").endsWith(":19092"));
        }
        assertThat(COMPOSE.environment("kafka-topics"))
                .containsEntry("HEROES_KAFKA_REPLICATION_FACTOR", "3")
                .containsEntry("HEROES_KAFKA_MIN_INSYNC_REPLICAS", "2")
                .containsEntry("HEROES_KAFKA_SECURITY_PROTOCOL", "SSL")
                .containsEntry("HEROES_KAFKA_SSL_CA_FILE", CA);
    }

    /** Every container runs as a user other than root: each image's USER, none overridden by compose. */
    @Test
    void noImageRunsAsRoot() {
        for (String dockerfile : List.of(
                "docker/postgres/Dockerfile",
                "docker/pgbouncer/Dockerfile",
                "docker/kafka/Dockerfile",
                "docker/service/Dockerfile",
                "docker/prometheus/Dockerfile")) {
            List<String> users = read(dockerfile)
                    .lines()
                    .filter(line -> line.startsWith("USER "))
                    .toList();
            assertThat(users).as("%s's USER", dockerfile).isNotEmpty();
            assertThat(users.get(users.size() - 1))
                    .as(dockerfile)
                    .doesNotContain("root")
                    .doesNotMatch("USER 0\\b.*");
        }
        for (String service : COMPOSE.map("services").keySet()) {
            assertThat(COMPOSE.text("services", service, "user"))
                    .as("%s's user (the image's)", service)
                    .isNull();
        }
    }

    @Test
    void theSecretCheckRecognisesWhatItForbids() {
        assertThat(REQUIRED.matcher("${HEROES_PG_READER_PASSWORD:?set it}").matches())
                .isTrue();
        assertThat(REQUIRED.matcher("${HEROES_PG_READER_PASSWORD:-changeme}").matches())
                .isFalse();
        assertThat(REQUIRED.matcher("${HEROES_PG_READER_PASSWORD}").matches()).isFalse();
        assertThat(REQUIRED.matcher("changeme").matches()).isFalse();
    }

    /** A service's secrets named like variables (HEROES_*): the image's heroes-secrets-env makes each one. */
    private static List<String> secretVariables(String service) {
        List<String> names = new ArrayList<>();
        Object node = COMPOSE.map("services", service).get("secrets");
        if (node instanceof List<?> secrets) {
            for (Object secret : secrets) {
                String target = secret instanceof Map<?, ?> longForm
                        ? String.valueOf(
                                longForm.get("target") != null ? longForm.get("target") : longForm.get("source"))
                        : String.valueOf(secret);
                if (target.startsWith("HEROES_")) {
                    names.add(target);
                }
            }
        }
        return names;
    }

    /** A service's configuration file with its placeholders resolved from {@code variables} alone. */
    private static PropertyResolver resolved(String service, Map<String, String> variables) {
        MutablePropertySources sources = new MutablePropertySources();
        sources.addLast(new MapPropertySource("variables", Map.copyOf(variables)));
        try {
            new YamlPropertySourceLoader()
                    .load(
                            service,
                            new FileSystemResource(REPO.resolve(service + "/src/main/resources/" + service + ".yml")))
                    .forEach(sources::addLast);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PropertySourcesPropertyResolver(sources);
    }

    private static YamlFile config(String service) {
        return YamlFile.read(REPO.resolve(service + "/src/main/resources/" + service + ".yml"));
    }

    /** A service's read-only bind mounts (long form): target inside the container -> source on the host. */
    private static Map<String, String> readOnlyBindMounts(String service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Map<?, ?> volume : COMPOSE.longFormVolumes(service)) {
            if ("bind".equals(String.valueOf(volume.get("type"))) && Boolean.TRUE.equals(volume.get("read_only"))) {
                mounts.put(String.valueOf(volume.get("target")), String.valueOf(volume.get("source")));
            }
        }
        return mounts;
    }

    /** The container side of a service's one published port ("127.0.0.1:${…}:5432" gives 5432). */
    private static String containerPort(String service) {
        List<String> ports = COMPOSE.list("services", service, "ports");
        assertThat(ports).as("%s's ports", service).hasSize(1);
        String mapping = ports.get(0);
        return mapping.substring(mapping.lastIndexOf(':') + 1);
    }

    /** The port of the broker's listener for the compose network (KAFKA_LISTENERS' INTERNAL://:9092). */
    private static String internalKafkaPort() {
        String listeners = COMPOSE.environment("kafka-1").get("KAFKA_LISTENERS");
        String interBroker = COMPOSE.environment("kafka-1").get("KAFKA_INTER_BROKER_LISTENER_NAME");
        return find(Pattern.quote(interBroker) + "://[^:,]*:(\\d+)", listeners);
    }

    private static List<String> prometheusTargets() {
        YamlFile prometheus = YamlFile.read(REPO.resolve("docker/prometheus/prometheus.yml"));
        List<String> targets = new ArrayList<>();
        prometheus.scalars().forEach((path, value) -> {
            if (path.matches("scrape_configs\\[\\d+]\\.static_configs\\[\\d+]\\.targets\\[\\d+]")) {
                targets.add(value);
            }
        });
        return targets;
    }

    /** NAME=value lines of .env.example, the value without surrounding double quotes. */
    private static Map<String, String> envExample() {
        Map<String, String> variables = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (String line : read(".env.example").lines().toList()) {
            Matcher m = Pattern.compile("^([A-Z_][A-Z0-9_]*)=(.*)$").matcher(line);
            if (m.matches()) {
                assertThat(seen.add(m.group(1)))
                        .as(".env.example sets %s once", m.group(1))
                        .isTrue();
                variables.put(m.group(1), m.group(2).replaceAll("^\"(.*)\"$", "$1"));
            }
        }
        return variables;
    }

    /** An ini file as section.key -> value (PgBouncer's syntax: ';' comments, 'key = value'). */
    private static Map<String, String> ini(Path file) {
        Map<String, String> settings = new LinkedHashMap<>();
        String section = "";
        for (String raw : readPath(file).lines().toList()) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1);
                continue;
            }
            int equals = line.indexOf('=');
            settings.put(
                    section + "." + line.substring(0, equals).strip(),
                    line.substring(equals + 1).strip());
        }
        return settings;
    }

    private static String variableOf(String expression) {
        Matcher m = YamlFile.COMPOSE_VARIABLE.matcher(expression);
        return m.find() ? m.group(1) : "";
    }

    private static String find(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("/%s/ in %s", regex, text).isTrue();
        return m.group(1);
    }

    private static String read(String relative) {
        return readPath(REPO.resolve(relative));
    }

    private static String readPath(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
