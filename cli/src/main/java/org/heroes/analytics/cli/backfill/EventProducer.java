package org.heroes.analytics.cli.backfill;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.EventKind;

/**
 * Sends records as ingest-service does: to {@link EventKind#topic}, keyed by {@link EventKind#key}, Avro
 * single-object encoded by {@link EventCodec}; {@code acks=all}, idempotent (a retried batch is not
 * written twice), lz4, with a bounded delivery timeout. Sends are asynchronous; {@link #flush} returns
 * once every record sent so far is acknowledged, or throws for the first that was not.
 */
final class EventProducer implements AutoCloseable {

    private static final int LINGER_MS = 10;

    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = EventCodec.create();
    private final AtomicReference<DeliveryFailedException> failure = new AtomicReference<>();

    /**
     * @param bootstrap Kafka's bootstrap servers
     * @param deliveryTimeout how long a record may take to be acknowledged, retries included
     */
    EventProducer(String bootstrap, Duration deliveryTimeout) {
        long delivery = deliveryTimeout.toMillis();
        long request = Math.max(1_000, Math.min(30_000, (delivery - LINGER_MS) / 2));
        Map<String, Object> config = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                ProducerConfig.CLIENT_ID_CONFIG,
                "heroes-backfill",
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                true,
                ProducerConfig.COMPRESSION_TYPE_CONFIG,
                "lz4",
                ProducerConfig.LINGER_MS_CONFIG,
                LINGER_MS,
                ProducerConfig.BATCH_SIZE_CONFIG,
                256 * 1024,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                (int) Math.max(delivery, request + LINGER_MS),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
                (int) request,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                delivery);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends the record of {@code line}.
     *
     * @throws DeliveryFailedException if an earlier record was not acknowledged, or this one cannot be sent
     */
    void send(SpecificRecord record, long line) {
        throwIfFailed();
        ProducerRecord<String, byte[]> message = new ProducerRecord<>(
                EventKind.of(record).topic().topicName(), EventKind.of(record).key(record), codec.encode(record));
        try {
            producer.send(message, (metadata, error) -> {
                if (error != null) {
                    failure.compareAndSet(null, new DeliveryFailedException(line, error));
                }
            });
        } catch (KafkaException e) {
            throw new DeliveryFailedException(line, e);
        }
    }

    /**
     * Returns once every record sent so far is acknowledged.
     *
     * @throws DeliveryFailedException naming the first line whose record was not
     */
    void flush() {
        producer.flush();
        throwIfFailed();
    }

    private void throwIfFailed() {
        DeliveryFailedException failed = failure.get();
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
