package org.heroes.analytics.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.heroes.analytics.schemas.Topic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One KRaft broker (spring-kafka-test) with every topic of {@link Topic} and its dead-letter topic,
 * created up front with an explicit partition count; nothing else is auto-created, as in production.
 */
final class KafkaBroker {

    static final int PARTITIONS = 3;

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    static KafkaBroker start() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, topicNames());
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        return new KafkaBroker(broker);
    }

    /** Every topic and its dead-letter topic. */
    static String[] topicNames() {
        List<String> names = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            names.add(topic.topicName());
            names.add(topic.deadLetterTopicName());
        }
        return names.toArray(String[]::new);
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    void stop() {
        broker.destroy();
    }
}
