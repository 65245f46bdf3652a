package org.heroes.analytics.ingest.publishing;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.heroes.analytics.schemas.ProducerSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How ingest-service produces to Kafka ({@code ingest.kafka.*}). The broker address is Spring's
 * {@code spring.kafka.bootstrap-servers}; durability settings (acks=all, idempotence) are fixed in code.
 *
 * @param ackTimeout a request's deadline: how long it may take from its first send to Kafka's last acknowledgement
 *     before it answers 503, every send's wait for buffer memory or metadata included; the producer's delivery,
 *     request and blocking timeouts are derived from it so that it gives up on a record no later than the
 *     request does, and one send blocks for at most a tenth of it ({@link #sendBlock()})
 * @param compression the producer's {@code compression.type}
 * @param linger how long the producer waits to fill a batch ({@code linger.ms})
 * @param batchSize the most bytes of one partition's batch ({@code batch.size})
 */
@Validated
@ConfigurationProperties("ingest.kafka")
public record IngestKafkaProperties(
        @DefaultValue("10s") @NotNull Duration ackTimeout,

        @DefaultValue("lz4") @NotNull @Pattern(regexp = "none|gzip|snappy|lz4|zstd")
        String compression,

        @DefaultValue("5ms") @NotNull Duration linger,
        @DefaultValue("64KB") @NotNull DataSize batchSize) {

    public IngestKafkaProperties {
        if (ackTimeout != null && linger != null && (ackTimeout.compareTo(linger.multipliedBy(2)) <= 0)) {
            // ProducerSettings refuses it too, later and without the property names
            throw new IllegalArgumentException("ingest.kafka.ack-timeout must be more than twice ingest.kafka.linger");
        }
    }

    /** How many slices of the deadline one send may block for ({@code max.block.ms}). */
    private static final int SEND_BLOCK_SLICES = 10;

    /**
     * The longest one send may block ({@code max.block.ms}: waiting for buffer memory when the producer's buffer is
     * full, or for a topic's metadata): a tenth of the deadline, at least 1 ms. A request starts a send only while
     * this much of its deadline remains, so no send can carry it past the deadline.
     */
    public Duration sendBlock() {
        return Duration.ofMillis(Math.max(1, ackTimeout.toMillis() / SEND_BLOCK_SLICES));
    }

    /**
     * The producer's settings ({@link ProducerSettings}: durability fixed, timeouts from the request's deadline), laid
     * over Spring's {@code spring.kafka.producer}.
     */
    ProducerSettings producerSettings() {
        return new ProducerSettings(ackTimeout, sendBlock(), compression, linger, (int) batchSize.toBytes());
    }
}
