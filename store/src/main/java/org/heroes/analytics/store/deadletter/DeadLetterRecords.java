package org.heroes.analytics.store.deadletter;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.heroes.analytics.schemas.DeadLetterHeaders;
import org.heroes.analytics.schemas.Topic;

/**
 * Builds the record a dead letter is published as: same key and value bytes as the source, the
 * source's own headers, and the {@link DeadLetterHeaders} (Spring Kafka's {@code kafka_dlt-*} headers encoded the way
 * {@code DeadLetterPublishingRecoverer} encodes them), so any Spring Kafka tool, and the CLI's redrive, reads them.
 */
final class DeadLetterRecords {

    /** Longest reason kept in a header; a Kafka header has no limit but a dead letter should stay small. */
    static final int MAX_REASON_LENGTH = 4_000;

    private final String consumerGroup;

    DeadLetterRecords(String consumerGroup) {
        this.consumerGroup = consumerGroup;
    }

    ProducerRecord<String, byte[]> toProducerRecord(DeadLetter letter) {
        var source = letter.source();
        String deadLetterTopic = Topic.byName(source.topic())
                .map(Topic::deadLetterTopicName)
                .orElse(source.topic() + Topic.DEAD_LETTER_SUFFIX);
        Headers headers = new RecordHeaders(source.headers().toArray());
        headers.add(DeadLetterHeaders.ORIGINAL_TOPIC, DeadLetterHeaders.text(source.topic()));
        headers.add(DeadLetterHeaders.ORIGINAL_PARTITION, DeadLetterHeaders.partition(source.partition()));
        headers.add(DeadLetterHeaders.ORIGINAL_OFFSET, DeadLetterHeaders.number(source.offset()));
        headers.add(DeadLetterHeaders.ORIGINAL_TIMESTAMP, DeadLetterHeaders.number(source.timestamp()));
        headers.add(
                DeadLetterHeaders.ORIGINAL_TIMESTAMP_TYPE,
                DeadLetterHeaders.text(source.timestampType().toString()));
        headers.add(DeadLetterHeaders.ORIGINAL_CONSUMER_GROUP, DeadLetterHeaders.text(consumerGroup));
        headers.add(DeadLetterHeaders.EXCEPTION_FQCN, DeadLetterHeaders.text(letter.errorClass()));
        headers.add(DeadLetterHeaders.EXCEPTION_MESSAGE, DeadLetterHeaders.text(truncate(letter.reason())));
        // partition left to the producer's partitioner (by key): a -dlt topic may have fewer partitions
        return new ProducerRecord<>(deadLetterTopic, null, source.key(), source.value(), headers);
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "…";
    }
}
