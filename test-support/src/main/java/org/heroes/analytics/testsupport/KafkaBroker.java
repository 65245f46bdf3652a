package org.heroes.analytics.testsupport;

import org.heroes.analytics.schemas.Topic;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * One KRaft broker (spring-kafka-test) with every topic of {@link Topic} and its dead-letter
 * topic, created up front with their partition count and configs ({@link KafkaTopics}); nothing else is
 * auto-created, as in production.
 */
final class KafkaBroker {

    static final int PARTITIONS = Topic.PARTITIONS;

    private final EmbeddedKafkaKraftBroker broker;

    private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    static KafkaBroker start() {
        // no topics here: the embedded broker would create them without their configs
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        try {
            KafkaTopics.create(broker.getBrokersAsString());
        } catch (RuntimeException e) {
            broker.destroy();
            throw e;
        }
        return new KafkaBroker(broker);
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    void stop() {
        broker.destroy();
    }
}
