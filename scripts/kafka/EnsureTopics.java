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
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.heroes.analytics.schemas.Topic;

/**
 * Creates the stack's topics and dead-letter topics as {@code Topic} (module schemas) defines them,
 * partitions and configs, and converges existing ones: a config that differs is set with
 * incrementalAlterConfigs, so an upgraded stack gets new settings on its next up, and a topic with fewer
 * partitions than asked is grown (Kafka cannot shrink one: more are kept). Then checks that every topic has
 * its partitions, replicas and configs. Idempotent.
 *
 * <p>Replication, from the environment: {@code HEROES_KAFKA_REPLICATION_FACTOR} (default 3) and
 * {@code HEROES_KAFKA_MIN_INSYNC_REPLICAS} (default 2), set on every topic with unclean leader election
 * off. A factor below 3 is refused, except on the local single-broker stack, which says so with
 * {@code HEROES_KAFKA_LOCAL_SINGLE_BROKER=true} (factor 1, min.insync.replicas 1). Partitions:
 * {@code HEROES_KAFKA_PARTITIONS} (default Topic.PARTITIONS). TLS to the brokers:
 * {@code HEROES_KAFKA_SECURITY_PROTOCOL=SSL} with the CA's PEM file in {@code HEROES_KAFKA_SSL_CA_FILE}. A system
 * property of the same name wins over each variable.
 *
 * <p>scripts/lib/kafka.sh (the local stack) and heroes/kafka's heroes-ensure-topics (compose) compile it
 * together with schemas' Topic.java (plain Java) against the broker's jars and run
 * {@code EnsureTopics BOOTSTRAP [RETENTION_DAYS]}; the replay window defaults to
 * Topic.DEFAULT_RETENTION_DAYS. Prints one line per topic created, grown or config changed.
 */
public class EnsureTopics {

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            throw new IllegalArgumentException("usage: EnsureTopics BOOTSTRAP [RETENTION_DAYS]");
        }
        String bootstrap = args[0];
        int retentionDays = Topic.retentionDays(args.length > 1 ? args[1] : null);
        boolean localSingleBroker = Boolean.parseBoolean(setting("HEROES_KAFKA_LOCAL_SINGLE_BROKER"));
        replication = (short) number("HEROES_KAFKA_REPLICATION_FACTOR", localSingleBroker ? 1 : 3);
        int minInSync = number("HEROES_KAFKA_MIN_INSYNC_REPLICAS", localSingleBroker ? 1 : 2);
        partitions = number("HEROES_KAFKA_PARTITIONS", Topic.PARTITIONS);
        if (replication < 3 && !localSingleBroker) {
            throw new IllegalArgumentException("replication factor " + replication + " refused: every topic needs 3"
                    + " replicas (only the local single-broker stack, HEROES_KAFKA_LOCAL_SINGLE_BROKER=true, runs 1)");
        }
        if (minInSync < 1 || minInSync > replication || (!localSingleBroker && minInSync < 2)) {
            throw new IllegalArgumentException("min.insync.replicas " + minInSync + " refused with replication factor "
                    + replication + " (2 or more, at most the factor)");
        }
        Map<String, Map<String, String>> wanted = new HashMap<>();
        Topic.all(retentionDays).forEach((name, configs) -> {
            Map<String, String> withReplication = new HashMap<>(configs);
            withReplication.put("min.insync.replicas", Integer.toString(minInSync));
            withReplication.put("unclean.leader.election.enable", "false");
            wanted.put(name, withReplication);
        });
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        String protocol = setting("HEROES_KAFKA_SECURITY_PROTOCOL");
        if (protocol != null && !protocol.isBlank()) {
            config.put(AdminClientConfig.SECURITY_PROTOCOL_CONFIG, protocol);
        }
        String caFile = setting("HEROES_KAFKA_SSL_CA_FILE");
        if (caFile != null && !caFile.isBlank()) {
            config.put("ssl.truststore.type", "PEM");
            config.put("ssl.truststore.location", caFile);
        }
        try (Admin admin = Admin.create(config)) {
            createMissing(admin, wanted);
            growPartitions(admin, wanted);
            converge(admin, wanted);
            check(admin, wanted);
        }
    }

    private static short replication;
    private static int partitions;

    /** A setting from the environment; a system property of the same name wins (EnsureTopicsIT runs it in-process). */
    private static String setting(String name) {
        String property = System.getProperty(name);
        return property != null ? property : System.getenv(name);
    }

    private static int number(String variable, int fallback) {
        String value = setting(variable);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int number = Integer.parseInt(value.trim());
        if (number < 1) {
            throw new IllegalArgumentException(variable + " must be 1 or more, not " + value);
        }
        return number;
    }

    private static void growPartitions(Admin admin, Map<String, Map<String, String>> wanted) throws Exception {
        Map<String, NewPartitions> growth = new HashMap<>();
        for (TopicDescription topic :
                admin.describeTopics(wanted.keySet()).allTopicNames().get().values()) {
            int current = topic.partitions().size();
            if (current < partitions) {
                growth.put(topic.name(), NewPartitions.increaseTo(partitions));
                System.out.println("grown " + topic.name() + " from " + current + " to " + partitions + " partitions");
            } else if (current > partitions) {
                System.out.println("kept " + topic.name() + " at " + current + " partitions (asked " + partitions
                        + "; Kafka cannot shrink a topic)");
            }
        }
        if (!growth.isEmpty()) {
            admin.createPartitions(growth).all().get();
        }
    }

    private static void createMissing(Admin admin, Map<String, Map<String, String>> wanted) throws Exception {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        wanted.forEach((name, configs) -> {
            if (!existing.contains(name)) {
                missing.add(new NewTopic(name, partitions, replication).configs(configs));
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
        missing.forEach(t -> System.out.println("created " + t.name() + " (" + partitions + " partitions, "
                + replication + " replicas, " + t.configs() + ")"));
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
            if (topic.partitions().size() < partitions) {
                throw new IllegalStateException(topic.name() + " has " + topic.partitions().size()
                        + " partitions, expected " + partitions);
            }
            topic.partitions().forEach(partition -> {
                if (partition.replicas().size() < replication) {
                    throw new IllegalStateException(topic.name() + "-" + partition.partition() + " has "
                            + partition.replicas().size() + " replicas, expected " + replication
                            + " (reassign with kafka-reassign-partitions, docs/deployment.md)");
                }
            });
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
