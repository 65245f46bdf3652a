package org.heroes.analytics.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.heroes.analytics.schemas.Topic;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HeroesInfrastructureExtension.class)
class HeroesInfrastructureIT {

    private static final String INSERT_FACILITATOR = """
            INSERT INTO facilitators (id, email, organization, created_at, updated_at)
            VALUES (?, ?, 'Test School', now(), now())
            """;

    private static final String COUNT_VISIBLE_FACILITATORS = """
            SELECT count(*) FROM facilitators
            """;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();

    @BeforeEach
    void emptyDatabase() {
        infra.migrate();
        infra.truncateAll();
    }

    @Test
    void readerConnectsThroughPgBouncerWithoutServerSidePreparedStatements() throws SQLException {
        String url = infra.jdbcUrl(DbRole.READER);
        assertThat(url)
                .contains(":" + infra.environment().get("HEROES_PGBOUNCER_PORT") + "/")
                .contains("prepareThreshold=0");
        try (Connection connection =
                        DriverManager.getConnection(url, infra.user(DbRole.READER), infra.password(DbRole.READER));
                ResultSet rows = connection.createStatement().executeQuery("SELECT current_user")) {
            rows.next();
            assertThat(rows.getString(1)).isEqualTo("heroes_reader");
        }
    }

    @Test
    void twoConcurrentTransactionsThroughPgBouncerBothCommit() throws Exception {
        CyclicBarrier bothInsideTransaction = new CyclicBarrier(2);
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String email = "writer" + i + "@example.org";
            writers.add(CompletableFuture.runAsync(() -> insertInOpenTransaction(email, bothInsideTransaction)));
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get();

        try (Connection connection = infra.dataSource(DbRole.SUPERUSER).getConnection();
                ResultSet rows = connection.createStatement().executeQuery("SELECT count(*) FROM facilitators")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(2);
        }
    }

    /**
     * Inserts a row, waits until the other writer's transaction is open too, then reads with the same
     * statement many times (what breaks under pooling with server-side prepared statements): each
     * transaction must see its own uncommitted row and not the other's.
     */
    private void insertInOpenTransaction(String email, CyclicBarrier bothInsideTransaction) {
        try (Connection connection = infra.dataSource(DbRole.WRITER).getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_FACILITATOR)) {
                insert.setObject(1, UUID.randomUUID());
                insert.setString(2, email);
                insert.executeUpdate();
            }
            bothInsideTransaction.await(10, TimeUnit.SECONDS);
            try (PreparedStatement count = connection.prepareStatement(COUNT_VISIBLE_FACILITATORS)) {
                for (int i = 0; i < 10; i++) {
                    try (ResultSet rows = count.executeQuery()) {
                        rows.next();
                        assertThat(rows.getInt(1)).isOne();
                    }
                }
            }
            bothInsideTransaction.await(10, TimeUnit.SECONDS);
            connection.commit();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readerSeesNoRowsWithoutAFacilitatorSetting() throws SQLException {
        try (Connection writer = infra.dataSource(DbRole.WRITER).getConnection();
                PreparedStatement insert = writer.prepareStatement(INSERT_FACILITATOR)) {
            insert.setObject(1, UUID.randomUUID());
            insert.setString(2, "someone@example.org");
            insert.executeUpdate();
        }
        try (Connection reader = infra.dataSource(DbRole.READER).getConnection();
                ResultSet rows = reader.createStatement().executeQuery("SELECT count(*) FROM facilitators")) {
            rows.next();
            assertThat(rows.getInt(1)).isZero();
        }
    }

    @Test
    void everyTopicAndDeadLetterTopicExistsWithThreePartitions() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            List<String> names = KafkaTopics.names();
            Map<String, TopicDescription> topics =
                    admin.describeTopics(names).allTopicNames().get();
            assertThat(topics).hasSize(Topic.values().length * 2);
            assertThat(topics.values())
                    .allSatisfy(t -> assertThat(t.partitions()).hasSize(3));
        }
    }

    @Test
    void eventTopicsKeepTheReplayWindowDeadLettersThirtyDaysAndTheRosterIsCompacted() throws Exception {
        String ninetyDays = "7776000000";
        String thirtyDays = "2592000000";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", infra.kafkaBootstrap()))) {
            Map<String, Map<String, String>> configs = describe(admin, KafkaTopics.names());

            for (Topic topic : Topic.values()) {
                Map<String, String> deadLetter = configs.get(topic.deadLetterTopicName());
                assertThat(deadLetter).as(topic.deadLetterTopicName()).containsEntry("cleanup.policy", "delete");
                assertThat(deadLetter).as(topic.deadLetterTopicName()).containsEntry("retention.ms", thirtyDays);
            }
            for (Topic topic : List.of(Topic.ANALYTICS, Topic.PROGRESS, Topic.FEEDBACK)) {
                assertThat(configs.get(topic.topicName()))
                        .as(topic.topicName())
                        .containsEntry("cleanup.policy", "delete")
                        .containsEntry("retention.ms", ninetyDays);
            }
            assertThat(configs.get(Topic.ROSTER.topicName()))
                    .as(Topic.ROSTER.topicName())
                    .containsEntry("cleanup.policy", "compact");
        }
    }

    private static Map<String, Map<String, String>> describe(Admin admin, List<String> topics) throws Exception {
        List<ConfigResource> resources = topics.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                .toList();
        Map<String, Map<String, String>> configs = new HashMap<>();
        admin.describeConfigs(resources).all().get().forEach((resource, config) -> {
            Map<String, String> values = new HashMap<>();
            config.entries().forEach(entry -> values.put(entry.name(), entry.value()));
            configs.put(resource.name(), values);
        });
        return configs;
    }

    @Test
    void kafkaTakesARecordAndGivesItBack() {
        String topic = Topic.ANALYTICS.topicName();
        String key = UUID.randomUUID().toString();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(topic, key, "hello " + Instant.now()))
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Map<String, Object> consumerConfig = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                infra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "round-trip-" + key,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(topic));
            List<String> keys = new ArrayList<>();
            await("the produced record comes back")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                            keys.add(record.key());
                        }
                        return keys.contains(key);
                    });
        }
    }

    @Test
    void aServiceEnvironmentHoldsOnlyItsOwnRolesCredentials() {
        Map<String, String> aggregator = infra.serviceEnvironment(DbRole.WRITER);
        Map<String, String> ingest = infra.serviceEnvironment();

        assertThat(aggregator)
                .containsEntry("HEROES_PG_WRITER_PASSWORD", infra.password(DbRole.WRITER))
                .containsKey("HEROES_PG_WRITER_URI")
                .containsEntry("HEROES_KAFKA_BOOTSTRAP", infra.kafkaBootstrap())
                .doesNotContainKeys(
                        "HEROES_PG_OWNER_PASSWORD",
                        "HEROES_PG_OWNER_URI",
                        "HEROES_PG_READER_PASSWORD",
                        "HEROES_PG_BACKUP_URI",
                        "HEROES_PG_SUPERUSER_URI");
        for (DbRole role : List.of(DbRole.SUPERUSER, DbRole.OWNER, DbRole.READER, DbRole.BACKUP)) {
            assertThat(String.join(" ", aggregator.values()))
                    .as("%s's password", role)
                    .doesNotContain(infra.password(role));
        }
        assertThat(ingest.keySet())
                .noneMatch(name -> name.startsWith("HEROES_PG_") && name.matches(".*_(PASSWORD|URI)"));
    }

    @Test
    void environmentHasTheStackVocabulary() {
        assertThat(infra.environment())
                .containsKeys(
                        "HEROES_JWT_JWK_SET",
                        "HEROES_JWT_ISSUER",
                        "HEROES_KAFKA_BOOTSTRAP",
                        "HEROES_PG_HOST",
                        "HEROES_PG_PORT",
                        "HEROES_PGBOUNCER_PORT",
                        "HEROES_PG_OWNER_PASSWORD",
                        "HEROES_PG_WRITER_PASSWORD",
                        "HEROES_PG_READER_PASSWORD",
                        "HEROES_PG_BACKUP_PASSWORD",
                        "HEROES_PG_SUPERUSER_URI",
                        "HEROES_PG_OWNER_URI",
                        "HEROES_PG_BACKUP_URI",
                        "HEROES_PG_WRITER_URI",
                        "HEROES_PG_READER_URI")
                .containsEntry(
                        "HEROES_JWT_JWK_SET", infra.tokenKeys().jwkSetFile().toString())
                .containsEntry("HEROES_KAFKA_BOOTSTRAP", infra.kafkaBootstrap());
    }

    @Test
    void theServicesAreGivenThePublicKeysAndNeverThePrivateKey() throws Exception {
        String privateKeyFile = infra.tokenKeys().privateKeyFile().toString();

        assertThat(infra.environment().values())
                .as("no variable names the private key file")
                .doesNotContain(privateKeyFile);
        assertThat(infra.environment().keySet()).noneMatch(name -> name.contains("PRIVATE_KEY"));
        assertThat(Files.readString(infra.tokenKeys().jwkSetFile()))
                .as("the JWK set holds the public key alone")
                .doesNotContain("\"d\"");
        assertThat(Files.getPosixFilePermissions(infra.tokenKeys().privateKeyFile()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
