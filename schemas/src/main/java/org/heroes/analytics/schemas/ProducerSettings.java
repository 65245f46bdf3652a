package org.heroes.analytics.schemas;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every writer of records to the project's topics configures its Kafka producer: ingest-service, the backfill,
 * the redrive and the ingest benchmark's raw producer. Durability is fixed, not configurable: {@code acks=all} and
 * idempotence (a retried batch is not written twice). Time is one budget: a record is given up no later than
 * {@code deadline} after its send ({@code delivery.timeout.ms}), each request gets half of what the linger leaves (so
 * one retry fits, at most 30 s), and a send blocks for buffer memory or metadata for at most {@code sendBlock}
 * ({@code max.block.ms}).
 *
 * @param deadline how long a record may take to be acknowledged, retries included
 * @param sendBlock the longest one send may block
 * @param compression the producer's {@code compression.type}
 * @param linger how long the producer waits to fill a batch ({@code linger.ms})
 * @param batchBytes the most bytes of one partition's batch ({@code batch.size})
 */
public record ProducerSettings(
        Duration deadline, Duration sendBlock, String compression, Duration linger, int batchBytes) {

    /** The longest one request to a broker may take, however long the deadline. */
    private static final long MAX_REQUEST_MS = 30_000;

    /**
     * @throws IllegalArgumentException if the deadline is not more than twice the linger (a request would get no
     *     time), or a value is not positive
     */
    public ProducerSettings {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(sendBlock, "sendBlock");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(linger, "linger");
        if (deadline.compareTo(linger.multipliedBy(2)) <= 0) {
            throw new IllegalArgumentException(
                    "a producer's deadline (" + deadline + ") must be more than twice its linger (" + linger + ")");
        }
        if (sendBlock.toMillis() < 1 || batchBytes < 1 || linger.isNegative()) {
            throw new IllegalArgumentException("a producer's send block and batch size must be positive");
        }
    }

    /** The producer's configs (to lay over the bootstrap servers, the client id and TLS). */
    public Map<String, Object> configs() {
        long deadlineMs = deadline.toMillis();
        long lingerMs = linger.toMillis();
        long requestMs = Math.max(1, Math.min(MAX_REQUEST_MS, (deadlineMs - lingerMs) / 2));
        return Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                compression,
                ProducerConfig.LINGER_MS_CONFIG,
                (int) lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG,
                batchBytes,
                // delivery.timeout.ms >= linger.ms + request.timeout.ms, as the producer demands
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.min(Integer.MAX_VALUE, deadlineMs),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) requestMs,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                sendBlock.toMillis());
    }
}
