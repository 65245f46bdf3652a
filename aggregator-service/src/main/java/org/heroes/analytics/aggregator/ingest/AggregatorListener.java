package org.heroes.analytics.aggregator.ingest;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.aggregator.deadletter.DeadLetter;
import org.heroes.analytics.aggregator.deadletter.DeadLetterPublisher;
import org.heroes.analytics.aggregator.sink.BatchSink;
import org.heroes.analytics.aggregator.sink.FailureKind;
import org.heroes.analytics.aggregator.sink.SinkBatch;
import org.heroes.analytics.aggregator.sink.WriteFailures;
import org.heroes.analytics.schemas.EventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes the four event topics in batches. Per batch: decode and validate every record, write the
 * valid ones in one transaction, publish the dead letters and wait for their acknowledgement, and
 * only then return, upon which the container commits the batch's offsets. Anything thrown leaves
 * the offsets uncommitted and the batch is retried whole (the writes are idempotent).
 */
@Component
class AggregatorListener {

    private static final Logger log = LoggerFactory.getLogger(AggregatorListener.class);

    private final BatchDecoder decoder;
    private final BatchSink sink;
    private final DeadLetterPublisher deadLetters;

    AggregatorListener(EventCodec codec, BatchSink sink, DeadLetterPublisher deadLetters) {
        this.decoder = new BatchDecoder(codec);
        this.sink = sink;
        this.deadLetters = deadLetters;
    }

    @KafkaListener(
            id = "aggregator",
            idIsGroup = false,
            topics = "#{T(org.heroes.analytics.schemas.Topic).values().![topicName()]}",
            batch = "true")
    void onBatch(List<ConsumerRecord<String, byte[]>> records) {
        DecodedBatch batch = decoder.decode(records);
        List<DeadLetter> refused = new ArrayList<>(batch.rejected());
        refused.addAll(write(batch));
        deadLetters.publish(refused);
        if (!refused.isEmpty()) {
            log.warn(
                    "{} of {} records dead-lettered, first: {}",
                    refused.size(),
                    records.size(),
                    describe(refused.get(0)));
        }
    }

    /** Writes the batch; returns the records the database refused for their own data. */
    private List<DeadLetter> write(DecodedBatch batch) {
        if (batch.accepted().isEmpty()) {
            return List.of();
        }
        try {
            sink.write(batch.toSinkBatch());
            return List.of();
        } catch (DataAccessException e) {
            FailureKind kind = WriteFailures.classify(e);
            if (kind != FailureKind.RECORD_DATA) {
                throw new BatchWriteException(
                        kind, "a batch of " + batch.accepted().size() + " records", e);
            }
            return writeOneByOne(batch);
        }
    }

    /**
     * The batch's statement failed on some record's data, which validation should have caught. To
     * find it without blocking the partition, each record is written in its own transaction; those
     * refused for their data become dead letters, the rest are written. This costs a round trip per
     * record but only on this rare path, and is safe because every write is idempotent and
     * independent of order (inserts do nothing on conflict, upserts keep the latest).
     */
    private List<DeadLetter> writeOneByOne(DecodedBatch batch) {
        List<DeadLetter> refused = new ArrayList<>();
        for (DecodedBatch.Accepted record : batch.accepted()) {
            try {
                sink.write(SinkBatch.of(List.of(record.value())));
            } catch (DataAccessException e) {
                FailureKind kind = WriteFailures.classify(e);
                if (kind != FailureKind.RECORD_DATA) {
                    throw new BatchWriteException(kind, "record " + describe(record.source()), e);
                }
                refused.add(DeadLetter.of(record.source(), e.getMostSpecificCause()));
            }
        }
        return refused;
    }

    private static String describe(DeadLetter letter) {
        return describe(letter.source()) + " " + letter.reason();
    }

    private static String describe(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
