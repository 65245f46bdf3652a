package org.heroes.analytics.store.redrive;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.heroes.analytics.schemas.DeadLetterHeaders;

/**
 * Sends a dead letter that now passes back to its source topic: the original key and value bytes (so the
 * default partitioner puts it where ingest would, beside the rest of its classroom), the source record's
 * own headers without the {@code kafka_dlt-*} ones, and {@code heroes_redriven-from} naming the dead
 * letter. The producer is idempotent with acks=all; {@link #awaitAcknowledgements()} returns once Kafka
 * has answered every send.
 */
public final class RedriveSender {

    private final Producer<byte[], byte[]> producer;
    private final RedriveSummary summary;
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    public RedriveSender(Producer<byte[], byte[]> producer, RedriveSummary summary) {
        this.producer = producer;
        this.summary = summary;
    }

    public void send(ConsumerRecord<byte[], byte[]> deadLetter, String sourceTopic) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : deadLetter.headers()) {
            if (!DeadLetterHeaders.addedOnTheWay(header.key())) {
                headers.add(header);
            }
        }
        headers.add(DeadLetterHeaders.REDRIVEN_FROM, DeadLetterHeaders.text(position(deadLetter)));
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(sourceTopic, null, deadLetter.key(), deadLetter.value(), headers);
        producer.send(record, (metadata, failure) -> {
            if (failure == null) {
                summary.acknowledged();
            } else {
                firstFailure.compareAndSet(null, failure);
                summary.unacknowledged();
            }
        });
    }

    /**
     * Blocks until every send is answered.
     *
     * @throws IllegalStateException if Kafka refused any, naming the first cause; a redrive run again
     *     sends them again, and what did arrive is counted once
     */
    public void awaitAcknowledgements() {
        producer.flush();
        Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException(
                    summary.unacknowledgedCount() + " redriven dead letters were not acknowledged (first: " + failure
                            + "); run the redrive again, duplicates are counted once",
                    failure);
        }
    }

    public static String position(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
