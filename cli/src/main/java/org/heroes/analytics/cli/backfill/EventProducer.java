package org.heroes.analytics.cli.backfill;

import java.time.Duration;
import java.util.HashMap;
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
import org.heroes.analytics.schemas.ProducerSettings;

/**
 * Sends records as ingest-service does: {@link EventCodec#message}, with {@link ProducerSettings} ({@code acks=all},
 * idempotent, lz4, a bounded delivery timeout), in larger batches. Sends are asynchronous; {@link #flush} returns
 * once every record sent so far is acknowledged, or throws for the first that was not.
 */
final class EventProducer implements AutoCloseable {

    private static final Duration LINGER = Duration.ofMillis(10);
    private static final int BATCH_BYTES = 256 * 1024;

    private final KafkaProducer<String, byte[]> producer;
    private final EventCodec codec = EventCodec.create();
    private final AtomicReference<DeliveryFailedException> failure = new AtomicReference<>();

    /**
     * @param bootstrap Kafka's bootstrap servers
     * @param deliveryTimeout how long a record may take to be acknowledged, retries included
     */
    EventProducer(String bootstrap, Duration deliveryTimeout) {
        // a send may block for buffer memory as long as a record may take: a backfill outruns the broker on purpose
        ProducerSettings settings = new ProducerSettings(deliveryTimeout, deliveryTimeout, "lz4", LINGER, BATCH_BYTES);
        Map<String, Object> config = new HashMap<>(settings.configs());
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "heroes-backfill");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends the record of {@code line}.
     *
     * @throws DeliveryFailedException if an earlier record was not acknowledged, or this one cannot be sent
     */
    void send(SpecificRecord record, long line) {
        throwIfFailed();
        ProducerRecord<String, byte[]> message = codec.message(record);
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
