package org.heroes.analytics.aggregator.deadletter;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.heroes.analytics.schemas.Topic;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Builds the record a dead letter is published as: same key and value bytes as the source, the
 * source's own headers, and Spring Kafka's {@code kafka_dlt-*} headers encoded the way
 * {@code DeadLetterPublishingRecoverer} encodes them (strings UTF-8, partition a 4-byte and offset
 * and timestamp 8-byte big-endian numbers), so any Spring Kafka tool reads them.
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
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(source.topic()));
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_PARTITION,
                ByteBuffer.allocate(Integer.BYTES).putInt(source.partition()).array());
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_OFFSET,
                ByteBuffer.allocate(Long.BYTES).putLong(source.offset()).array());
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
                ByteBuffer.allocate(Long.BYTES).putLong(source.timestamp()).array());
        headers.add(
                KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE,
                utf8(source.timestampType().toString()));
        headers.add(KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP, utf8(consumerGroup));
        headers.add(KafkaHeaders.DLT_EXCEPTION_FQCN, utf8(letter.errorClass()));
        headers.add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, utf8(truncate(letter.reason())));
        // partition left to the producer's partitioner (by key): a -dlt topic may have fewer partitions
        return new ProducerRecord<>(deadLetterTopic, null, source.key(), source.value(), headers);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static String truncate(String reason) {
        return reason.length() <= MAX_REASON_LENGTH ? reason : reason.substring(0, MAX_REASON_LENGTH) + "…";
    }
}
