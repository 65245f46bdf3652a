package org.heroes.analytics.cli.redrive;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * What a dead letter's headers say about its source: Spring Kafka's {@code kafka_dlt-*} headers as
 * aggregator-service writes them ({@code DeadLetterRecords}), with Spring's encodings: strings UTF-8,
 * the partition a 4-byte and the offset an 8-byte big-endian number. The names are Spring's
 * {@code KafkaHeaders.DLT_*} values, repeated here because the CLI does not depend on Spring Kafka.
 *
 * @param originalTopic the topic the record was consumed from, if the header is there
 * @param originalPartition its partition, or -1 if unknown
 * @param originalOffset its offset, or -1 if unknown
 */
record DeadLetterHeaders(Optional<String> originalTopic, int originalPartition, long originalOffset) {

    /** Prefix of every header Spring Kafka adds to a dead letter; none is carried back to the source topic. */
    static final String DEAD_LETTER_PREFIX = "kafka_dlt-";

    static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";

    /** Added to a redriven record: the dead letter it came from, as {@code topic-partition@offset}. */
    static final String REDRIVEN_FROM = "heroes_redriven-from";

    static DeadLetterHeaders of(Headers headers) {
        Optional<String> topic = last(headers, ORIGINAL_TOPIC)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .filter(name -> !name.isBlank());
        int partition = last(headers, ORIGINAL_PARTITION)
                .filter(bytes -> bytes.length == Integer.BYTES)
                .map(bytes -> ByteBuffer.wrap(bytes).getInt())
                .orElse(-1);
        long offset = last(headers, ORIGINAL_OFFSET)
                .filter(bytes -> bytes.length == Long.BYTES)
                .map(bytes -> ByteBuffer.wrap(bytes).getLong())
                .orElse(-1L);
        return new DeadLetterHeaders(topic, partition, offset);
    }

    /** Whether a header is one a dead letter gained (or a redrive added), not one of the source record's own. */
    static boolean addedOnTheWay(String headerKey) {
        return headerKey.startsWith(DEAD_LETTER_PREFIX) || headerKey.equals(REDRIVEN_FROM);
    }

    /** {@code topic-partition@offset} of the original record, as far as the headers tell. */
    String originalPosition() {
        return originalTopic.orElse("?") + "-" + (originalPartition < 0 ? "?" : originalPartition) + "@"
                + (originalOffset < 0 ? "?" : originalOffset);
    }

    /** The last header of that name: Kafka keeps duplicates, and the last one added is the latest trip's. */
    private static Optional<byte[]> last(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null || header.value() == null ? Optional.empty() : Optional.of(header.value());
    }
}
