import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.heroes.analytics.schemas.TopicSettings;

/**
 * Creates the local stack's topics and dead-letter topics as {@code TopicSettings} (module schemas)
 * defines them, partitions and configs, and converges existing ones: a config that differs is set with
 * incrementalAlterConfigs, so an upgraded stack gets new settings on its next up. Then checks that
 * every topic has its partitions and configs. Idempotent.
 *
 * <p>scripts/lib/kafka.sh compiles it together with schemas' TopicSettings.java (plain Java) against
 * the broker's jars and runs {@code EnsureTopics BOOTSTRAP [RETENTION_DAYS]}; the replay window defaults
 * to TopicSettings.DEFAULT_RETENTION_DAYS. Prints one line per topic created or config changed.
 */
public class EnsureTopics {

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: EnsureTopics BOOTSTRAP [RETENTION_DAYS]");
        }
        String bootstrap = args[0];
        int retentionDays = TopicSettings.retentionDays(args.length > 1 ? args[1] : null);
        Map<String, Map<String, String>> wanted = TopicSettings.all(retentionDays);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(config)) {
            createMissing(admin, wanted);
            converge(admin, wanted);
            check(admin, wanted);
        }
    }

    private static void createMissing(Admin admin, Map<String, Map<String, String>> wanted) throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        wanted.forEach((name, configs) -> {
            if (!existing.contains(name)) {
                missing.add(new NewTopic(name, TopicSettings.PARTITIONS, (short) 1).configs(configs));
            }
        });
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        missing.forEach(t -> System.out.println(
                "created " + t.name() + " (" + TopicSettings.PARTITIONS + " partitions, " + t.configs() + ")"));
    }

    private static void converge(Admin admin, Map<String, Map<String, String>> wanted) throws Exception {
        Map<String, Map<String, String>> actual = describe(admin, wanted.keySet());
        Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
        wanted.forEach((name, configs) -> configs.forEach((key, value) -> {
            String current = actual.get(name).get(key);
            if (!value.equals(current)) {
                changes.computeIfAbsent(topic(name), r -> new ArrayList<>())
                        .add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
                System.out.println("configured " + name + ": " + key + "=" + value + " (was " + current + ")");
            }
        }));
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get();
        }
    }

    private static void check(Admin admin, Map<String, Map<String, String>> wanted) throws Exception {
        Map<String, TopicDescription> described =
                admin.describeTopics(wanted.keySet()).allTopicNames().get();
        for (TopicDescription topic : described.values()) {
            if (topic.partitions().size() != TopicSettings.PARTITIONS) {
                throw new IllegalStateException(topic.name() + " has " + topic.partitions().size()
                        + " partitions, expected " + TopicSettings.PARTITIONS);
            }
        }
        // a config change reaches the broker through the metadata log: give it a few seconds
        List<String> differences = List.of();
        for (int attempt = 0; attempt < 50; attempt++) {
            differences = differences(wanted, describe(admin, wanted.keySet()));
            if (differences.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("topic configs not applied: " + differences);
    }

    private static List<String> differences(Map<String, Map<String, String>> wanted, Map<String, Map<String, String>> actual) {
        List<String> differences = new ArrayList<>();
        wanted.forEach((name, configs) -> configs.forEach((key, value) -> {
            String current = actual.get(name).get(key);
            if (!value.equals(current)) {
                differences.add(name + " " + key + "=" + current + ", expected " + value);
            }
        }));
        return differences;
    }

    private static Map<String, Map<String, String>> describe(Admin admin, Collection<String> names) throws Exception {
        List<ConfigResource> resources = names.stream().map(EnsureTopics::topic).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
        Map<String, Map<String, String>> values = new HashMap<>();
        configs.forEach((resource, config) -> {
            Map<String, String> entries = new HashMap<>();
            config.entries().forEach(entry -> entries.put(entry.name(), entry.value()));
            values.put(resource.name(), entries);
        });
        return values;
    }

    private static ConfigResource topic(String name) {
        return new ConfigResource(ConfigResource.Type.TOPIC, name);
    }
}
