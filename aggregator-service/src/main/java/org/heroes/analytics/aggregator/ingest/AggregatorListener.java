package org.heroes.analytics.aggregator.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.aggregator.deadletter.DeadLetter;
import org.heroes.analytics.aggregator.deadletter.DeadLetterPublisher;
import org.heroes.analytics.aggregator.offsets.BatchOffsets;
import org.heroes.analytics.aggregator.offsets.StaleBatchException;
import org.heroes.analytics.aggregator.offsets.StoredOffsetSeeker;
import org.heroes.analytics.aggregator.sink.BatchSink;
import org.heroes.analytics.aggregator.sink.FailureKind;
import org.heroes.analytics.aggregator.sink.SinkBatch;
import org.heroes.analytics.aggregator.sink.WriteFailures;
import org.heroes.analytics.aggregator.sink.WriteResult;
import org.heroes.analytics.schemas.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * Consumes the four event topics in batches. Per batch: decode and validate every record, publish
 * the dead letters and wait for their acknowledgement, then write the valid records, their rollups
 * and the batch's offsets in one transaction. Only after that commit is Kafka's (advisory) offset
 * acknowledged. Anything thrown leaves every offset where it was and the batch is retried whole; a
 * batch the stored offsets show to be stale is dropped and the consumer sought to the stored offsets.
 */
@Component
class AggregatorListener {

    private static final Logger log = LoggerFactory.getLogger(AggregatorListener.class);

    private final BatchDecoder decoder;
    private final BatchSink sink;
    private final DeadLetterPublisher deadLetters;
    private final StoredOffsetSeeker seeker;
    private final SinkMetrics metrics;

    AggregatorListener(
            EventCodec codec,
            BatchSink sink,
            DeadLetterPublisher deadLetters,
            StoredOffsetSeeker seeker,
            SinkMetrics metrics) {
        this.decoder = new BatchDecoder(codec);
        this.sink = sink;
        this.deadLetters = deadLetters;
        this.seeker = seeker;
        this.metrics = metrics;
    }

    @KafkaListener(
            id = "aggregator",
            idIsGroup = false,
            topics = "#{T(org.heroes.analytics.schemas.Topic).values().![topicName()]}",
            batch = "true")
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
        DecodedBatch batch = decoder.decode(records);
        publish(batch.rejected(), records.size());
        List<DecodedBatch.Accepted> accepted = batch.accepted();
        WriteResult result;
        try {
            result = sink.write(toSinkBatch(accepted), offsets);
        } catch (StaleBatchException e) {
            throw e;
        } catch (DataAccessException | TransactionException e) {
            FailureKind kind = WriteFailures.classify(e);
            if (kind != FailureKind.RECORD_DATA) {
                throw new BatchWriteException(kind, "a batch of " + accepted.size() + " records", e);
            }
            List<DeadLetter> refused = refusedOneByOne(accepted);
            publish(refused, records.size());
            List<DecodedBatch.Accepted> rest = new ArrayList<>(accepted);
            rest.removeIf(a -> refused.stream().anyMatch(r -> r.source() == a.source()));
            result = writeRest(rest, offsets);
        }
        metrics.batchWritten(records.size(), result, System.nanoTime() - started);
    }

    private WriteResult writeRest(List<DecodedBatch.Accepted> rest, BatchOffsets offsets) {
        try {
            return sink.write(toSinkBatch(rest), offsets);
        } catch (StaleBatchException e) {
            throw e;
        } catch (DataAccessException | TransactionException e) {
            throw new BatchWriteException(
                    WriteFailures.classify(e), "a batch of " + rest.size() + " records less the refused", e);
        }
    }

    /**
     * The batch's statement failed on some record's data, which validation should have caught. To
     * find it without blocking the partition, each record is probed in its own transaction, which is
     * always rolled back; those refused for their data become dead letters. This costs a round trip
     * per record but only on this rare path.
     */
    private List<DeadLetter> refusedOneByOne(List<DecodedBatch.Accepted> accepted) {
        List<DeadLetter> refused = new ArrayList<>();
        for (DecodedBatch.Accepted record : accepted) {
            try {
                sink.probe(SinkBatch.of(List.of(record.value())));
            } catch (DataAccessException | TransactionException e) {
                FailureKind kind = WriteFailures.classify(e);
                if (kind != FailureKind.RECORD_DATA) {
                    throw new BatchWriteException(kind, "record " + describe(record.source()), e);
                }
                refused.add(DeadLetter.of(record.source(), e.getMostSpecificCause()));
            }
        }
        return refused;
    }

    /** Dead letters go out, acknowledged, before the offsets move: they are at-least-once. */
    private void publish(List<DeadLetter> letters, int batchSize) {
        if (letters.isEmpty()) {
            return;
        }
        deadLetters.publish(letters);
        metrics.deadLettered(letters.size());
        log.warn("{} of {} records dead-lettered, first: {}", letters.size(), batchSize, describe(letters.get(0)));
    }

    private static SinkBatch toSinkBatch(List<DecodedBatch.Accepted> accepted) {
        return SinkBatch.of(accepted.stream().map(DecodedBatch.Accepted::value).toList());
    }

    private static String describe(DeadLetter letter) {
        return describe(letter.source()) + " " + letter.reason();
    }

    private static String describe(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
