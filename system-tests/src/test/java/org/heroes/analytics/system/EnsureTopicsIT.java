package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack's topic tool, {@code scripts/kafka/EnsureTopics.java}, compiled as
 * {@code scripts/lib/kafka.sh} compiles it (with schemas' {@code Topic.java}) and run against a
 * real broker whose topics have drifted: an upgraded stack converges to the settings on its next up,
 * and the replay window is the one it is given.
 */
class EnsureTopicsIT {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final String NINETY_DAYS = "7776000000";
    private static final String THIRTY_DAYS = "2592000000";

    private final String bootstrap = HeroesInfrastructure.get().kafkaBootstrap();

    @TempDir
    Path classes;

    /** The tests' broker is a single one: the local single-broker stack's settings, as scripts/lib/kafka.sh gives them. */
    private static final Map<String, String> SINGLE_BROKER = Map.of(
            "HEROES_KAFKA_LOCAL_SINGLE_BROKER", "true",
            "HEROES_KAFKA_REPLICATION_FACTOR", "1",
            "HEROES_KAFKA_MIN_INSYNC_REPLICAS", "1");

    @AfterEach
    void clearSettings() {
        SINGLE_BROKER.keySet().forEach(System::clearProperty);
    }

    @Test
    void replicationBelowThreeIsRefusedOutsideTheLocalSingleBrokerStack() throws Exception {
        Method ensureTopics = compileEnsureTopics();
        System.setProperty("HEROES_KAFKA_REPLICATION_FACTOR", "1");
        assertThatThrownBy(() -> ensureTopics.invoke(null, (Object) new String[] {bootstrap}))
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replication factor 1 refused");
        System.setProperty("HEROES_KAFKA_REPLICATION_FACTOR", "3");
        System.setProperty("HEROES_KAFKA_MIN_INSYNC_REPLICAS", "1");
        assertThatThrownBy(() -> ensureTopics.invoke(null, (Object) new String[] {bootstrap}))
                .cause()
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min.insync.replicas 1 refused");
    }

    @Test
    void existingTopicsConvergeToTheirSettingsAndTheWindowIsConfigurable() throws Exception {
        Method ensureTopics = compileEnsureTopics();
        SINGLE_BROKER.forEach(System::setProperty);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            set(admin, Topic.ROSTER.topicName(), "cleanup.policy", "delete");
            set(admin, Topic.ANALYTICS.topicName(), "retention.ms", "86400000");
            try {
                ensureTopics.invoke(null, (Object) new String[] {bootstrap});
                assertThat(config(admin, Topic.ROSTER.topicName())).containsEntry("cleanup.policy", "compact");
                assertThat(config(admin, Topic.ANALYTICS.topicName())).containsEntry("retention.ms", NINETY_DAYS);

                ensureTopics.invoke(null, (Object) new String[] {bootstrap, "400"});
                String fourHundredDays = Long.toString(400L * 86_400_000L);
                assertThat(config(admin, Topic.PROGRESS.topicName())).containsEntry("retention.ms", fourHundredDays);
                assertThat(config(admin, Topic.PROGRESS.deadLetterTopicName()))
                        .as("dead letters keep 30 days, however long the replay window")
                        .containsEntry("retention.ms", THIRTY_DAYS);

                ensureTopics.invoke(null, (Object) new String[] {bootstrap, "7"});
                assertThat(config(admin, Topic.FEEDBACK.deadLetterTopicName()))
                        .as("a dead letter never outlives the record it copies")
                        .containsEntry("retention.ms", Long.toString(7L * 86_400_000L));
            } finally {
                ensureTopics.invoke(null, (Object) new String[] {bootstrap});
            }
            assertThat(config(admin, Topic.PROGRESS.topicName())).containsEntry("retention.ms", NINETY_DAYS);
            assertThat(config(admin, Topic.PROGRESS.deadLetterTopicName())).containsEntry("retention.ms", THIRTY_DAYS);
        }
    }

    private Method compileEnsureTopics() throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int status = javac.run(
                null,
                null,
                null,
                "-nowarn",
                "-d",
                classes.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                REPO.resolve("scripts/kafka/EnsureTopics.java").toString(),
                REPO.resolve("schemas/src/main/java/org/heroes/analytics/schemas/Topic.java")
                        .toString());
        assertThat(status).as("javac of EnsureTopics.java with Topic.java").isZero();
        URLClassLoader loader = new URLClassLoader(
                new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        return loader.loadClass("EnsureTopics").getMethod("main", String[].class);
    }

    private static void set(Admin admin, String topic, String key, String value) throws Exception {
        admin.incrementalAlterConfigs(Map.of(
                        new ConfigResource(ConfigResource.Type.TOPIC, topic),
                        List.of(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET))))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    private static Map<String, String> config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Map<String, String> values = new HashMap<>();
        admin.describeConfigs(List.of(resource))
                .all()
                .get(30, TimeUnit.SECONDS)
                .get(resource)
                .entries()
                .forEach(entry -> values.put(entry.name(), entry.value()));
        return values;
    }
}
