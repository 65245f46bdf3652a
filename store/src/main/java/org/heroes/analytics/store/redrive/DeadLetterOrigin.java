package org.heroes.analytics.store.redrive;

import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.heroes.analytics.schemas.DeadLetterHeaders;

/**
 * What a dead letter's headers ({@link DeadLetterHeaders}, as aggregator-service writes them) say about its source.
 *
 * @param originalTopic the topic the record was consumed from, if the header is there
 * @param originalPartition its partition, or -1 if unknown
 * @param originalOffset its offset, or -1 if unknown
 */
public record DeadLetterOrigin(Optional<String> originalTopic, int originalPartition, long originalOffset) {

    public static DeadLetterOrigin of(Headers headers) {
        return new DeadLetterOrigin(
                DeadLetterHeaders.text(last(headers, DeadLetterHeaders.ORIGINAL_TOPIC)),
                DeadLetterHeaders.partition(last(headers, DeadLetterHeaders.ORIGINAL_PARTITION)),
                DeadLetterHeaders.number(last(headers, DeadLetterHeaders.ORIGINAL_OFFSET)));
    }

    /** {@code topic-partition@offset} of the original record, as far as the headers tell. */
    public String originalPosition() {
        return originalTopic.orElse("?") + "-" + (originalPartition < 0 ? "?" : originalPartition) + "@"
                + (originalOffset < 0 ? "?" : originalOffset);
    }

    /** The last header of that name (Kafka keeps duplicates, and the last one added is the latest trip's), or null. */
    private static byte[] last(Headers headers, String key) {
        Header header = headers.lastHeader(key);
        return header == null ? null : header.value();
    }
}
