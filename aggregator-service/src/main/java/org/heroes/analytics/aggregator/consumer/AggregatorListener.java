package org.heroes.analytics.aggregator.consumer;

import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.store.batch.BatchOutcome;
import org.heroes.analytics.store.batch.BatchProcessor;
import org.heroes.analytics.store.offsets.BatchOffsets;
import org.heroes.analytics.store.offsets.StaleBatchException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * Consumes the four event topics in batches. Per batch, {@link BatchProcessor} decodes and validates
 * every record, publishes the dead letters and waits for their acknowledgement, then writes the valid
 * records, their rollups and the batch's offsets in one transaction. Only after that commit is
 * Kafka's (advisory) offset acknowledged. Anything thrown leaves every offset where it was and the
 * batch is retried whole; a batch the stored offsets show to be stale is dropped and the consumer
 * sought to the stored offsets. {@code aggregator.listener.auto-startup=false} leaves the listener
 * stopped (tests that write through the store library directly start the service that way).
 */
@Component
class AggregatorListener {

    private static final Logger log = LoggerFactory.getLogger(AggregatorListener.class);

    private final BatchProcessor processor;
    private final StoredOffsetSeeker seeker;
    private final SinkMetrics metrics;

    AggregatorListener(BatchProcessor processor, StoredOffsetSeeker seeker, SinkMetrics metrics) {
        this.processor = processor;
        this.seeker = seeker;
        this.metrics = metrics;
    }

    @KafkaListener(
            id = "aggregator",
            idIsGroup = false,
            topics = "#{T(org.heroes.analytics.schemas.Topic).values().![topicName()]}",
            batch = "true",
            autoStartup = "${aggregator.listener.auto-startup:true}")
    void onBatch(List<ConsumerRecord<String, byte[]>> records, Consumer<?, ?> consumer, Acknowledgment ack) {
        BatchOffsets offsets = BatchOffsets.of(records);
        try {
            process(records, offsets);
        } catch (StaleBatchException e) {
            log.info(
                    "batch {} already written by another consumer; seeking to the stored offsets",
                    offsets.partitions());
            metrics.staleBatch();
            seeker.seekAfterStaleBatch(consumer, offsets);
            return;
        }
        ack.acknowledge();
    }

    /**
     * Dead-letters the bad records and writes the rest with the batch's offsets.
     *
     * @throws StaleBatchException if the stored offsets are past the batch: nothing was written
     * @throws BatchWriteException if the write failed for a reason no record is to blame for
     */
    void process(List<ConsumerRecord<String, byte[]>> records, BatchOffsets offsets) {
        long started = System.nanoTime();
        BatchOutcome outcome = processor.process(records, offsets);
        metrics.deadLettered(outcome.deadLettered());
        metrics.batchWritten(records.size(), outcome.written(), System.nanoTime() - started);
    }
}
