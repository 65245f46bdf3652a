package org.heroes.analytics.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.heroes.analytics.schemas.Topic;

/**
 * Creates every topic and dead-letter topic of {@link Topic} with its partitions and configs
 * (replay-window retention, the compacted roster), as {@code scripts/kafka/EnsureTopics.java} does on
 * the local stack, so that tests run against the topics production has.
 */
final class KafkaTopics {

    private KafkaTopics() {}

    /** Every topic and its dead-letter topic, each topic followed by its dead-letter topic. */
    static List<String> names() {
        return List.copyOf(Topic.all(Topic.DEFAULT_RETENTION_DAYS).keySet());
    }

    /** Creates the topics with the default replay window; ones that exist already are left as they are. */
    static void create(String bootstrapServers) {
        List<NewTopic> topics = Topic.all(Topic.DEFAULT_RETENTION_DAYS).entrySet().stream()
                .map(topic -> new NewTopic(topic.getKey(), Topic.PARTITIONS, (short) 1).configs(topic.getValue()))
                .toList();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30000))) {
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new InfrastructureException("could not create the topics on " + bootstrapServers, e);
            }
        } catch (TimeoutException e) {
            throw new InfrastructureException("could not create the topics on " + bootstrapServers, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted while creating topics", e);
        }
    }
}
