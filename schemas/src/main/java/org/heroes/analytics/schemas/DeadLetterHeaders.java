package org.heroes.analytics.schemas;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The headers of a dead letter (contract §2): Spring Kafka's {@code kafka_dlt-*} names with Spring's encodings
 * (strings UTF-8, the partition a 4-byte and the offset and timestamp 8-byte big-endian numbers), so any Spring Kafka
 * tool reads them, and the header a redrive adds. The one definition: aggregator-service writes them
 * ({@code DeadLetterRecords}, whose test checks the names are Spring's {@code KafkaHeaders.DLT_*}), the CLI's redrive
 * reads them without depending on Spring Kafka.
 */
public final class DeadLetterHeaders {

    /** Prefix of every header a dead letter gains; none is carried back to the source topic by a redrive. */
    public static final String PREFIX = "kafka_dlt-";

    public static final String ORIGINAL_TOPIC = PREFIX + "original-topic";
    public static final String ORIGINAL_PARTITION = PREFIX + "original-partition";
    public static final String ORIGINAL_OFFSET = PREFIX + "original-offset";
    public static final String ORIGINAL_TIMESTAMP = PREFIX + "original-timestamp";
    public static final String ORIGINAL_TIMESTAMP_TYPE = PREFIX + "original-timestamp-type";
    public static final String ORIGINAL_CONSUMER_GROUP = PREFIX + "original-consumer-group";
    public static final String EXCEPTION_FQCN = PREFIX + "exception-fqcn";
    public static final String EXCEPTION_MESSAGE = PREFIX + "exception-message";

    /** Added to a redriven record: the dead letter it came from, as {@code topic-partition@offset}. */
    public static final String REDRIVEN_FROM = "heroes_redriven-from";

    private DeadLetterHeaders() {}

    /** Whether a header is one a dead letter gained (or a redrive added), not one of the source record's own. */
    public static boolean addedOnTheWay(String headerKey) {
        return headerKey.startsWith(PREFIX) || headerKey.equals(REDRIVEN_FROM);
    }

    /** A text header's value. */
    public static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** The partition header's value: 4 bytes, big-endian. */
    public static byte[] partition(int partition) {
        return ByteBuffer.allocate(Integer.BYTES).putInt(partition).array();
    }

    /** The offset or timestamp header's value: 8 bytes, big-endian. */
    public static byte[] number(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** A text header's value read back; empty for a missing ({@code null}) or blank value. */
    public static Optional<String> text(byte[] value) {
        return Optional.ofNullable(value)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .filter(text -> !text.isBlank());
    }

    /** The partition read back, or -1 for a missing value or one of another length. */
    public static int partition(byte[] value) {
        return value != null && value.length == Integer.BYTES
                ? ByteBuffer.wrap(value).getInt()
                : -1;
    }

    /** The offset or timestamp read back, or -1 for a missing value or one of another length. */
    public static long number(byte[] value) {
        return value != null && value.length == Long.BYTES
                ? ByteBuffer.wrap(value).getLong()
                : -1L;
    }
}
