import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates the local stack's topics with an explicit partition count, in one JVM (scripts/stack.sh runs
 * it with the broker's jars: java -cp 'libs/*' EnsureTopics.java BOOTSTRAP PARTITIONS TOPIC...).
 * Idempotent; fails if an existing topic has another partition count.
 */
public class EnsureTopics {

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        int partitions = Integer.parseInt(args[1]);
        List<String> wanted = List.of(args).subList(2, args.length);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
        try (Admin admin = Admin.create(config)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = new ArrayList<>();
            for (String name : wanted) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, (short) 1));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
                missing.forEach(t -> System.out.println("created " + t.name() + " (" + partitions + " partitions)"));
            }
            Map<String, TopicDescription> described = admin.describeTopics(wanted).allTopicNames().get();
            for (TopicDescription topic : described.values()) {
                if (topic.partitions().size() != partitions) {
                    throw new IllegalStateException(topic.name() + " has " + topic.partitions().size()
                            + " partitions, expected " + partitions);
                }
            }
        }
    }
}
