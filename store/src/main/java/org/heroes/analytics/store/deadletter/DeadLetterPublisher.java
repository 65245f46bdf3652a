package org.heroes.analytics.store.deadletter;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes a batch's dead letters and waits until Kafka has acknowledged every one of them
 * (acks=all), so the caller may commit the batch's offsets afterwards.
 */
@Component
public class DeadLetterPublisher {

    private final KafkaTemplate<String, byte[]> template;
    private final String liveGroup;
    private final DeadLetterProperties properties;

    DeadLetterPublisher(
            KafkaTemplate<String, byte[]> template, KafkaProperties kafka, DeadLetterProperties properties) {
        this.template = template;
        this.liveGroup = kafka.getConsumer().getGroupId();
        this.properties = properties;
    }

    /**
     * Sends all {@code letters}, refused by the live consumer group, and returns once all are
     * acknowledged.
     *
     * @throws DeadLetterPublishException if any is not acknowledged within the send timeout
     */
    public void publish(List<DeadLetter> letters) {
        publish(letters, liveGroup);
    }

    /**
     * Sends all {@code letters}, refused by {@code consumerGroup} (a replay's group, say), and returns
     * once all are acknowledged.
     *
     * @throws DeadLetterPublishException if any is not acknowledged within the send timeout
     */
    public void publish(List<DeadLetter> letters, String consumerGroup) {
        if (letters.isEmpty()) {
            return;
        }
        var records = new DeadLetterRecords(consumerGroup);
        CompletableFuture<?>[] sends = letters.stream()
                .map(records::toProducerRecord)
                .map(template::send)
                .toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(sends).get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadLetterPublishException("interrupted while publishing " + letters.size() + " dead letters", e);
        } catch (ExecutionException e) {
            throw new DeadLetterPublishException(
                    "Kafka refused a dead letter of a batch of " + letters.size(), e.getCause());
        } catch (TimeoutException e) {
            throw new DeadLetterPublishException(
                    letters.size() + " dead letters not acknowledged within " + properties.sendTimeout(), e);
        }
    }
}
