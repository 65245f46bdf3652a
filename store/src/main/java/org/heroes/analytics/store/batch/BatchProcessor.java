package org.heroes.analytics.store.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.store.deadletter.DeadLetter;
import org.heroes.analytics.store.deadletter.DeadLetterPublisher;
import org.heroes.analytics.store.failures.FailureKind;
import org.heroes.analytics.store.failures.WriteFailures;
import org.heroes.analytics.store.offsets.BatchOffsets;
import org.heroes.analytics.store.offsets.StaleBatchException;
import org.heroes.analytics.store.sink.BatchSink;
import org.heroes.analytics.store.sink.SinkBatch;
import org.heroes.analytics.store.sink.WriteResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionException;

/**
 * The work on one consumed batch, the same for the live listener and a replay (so a replay is the
 * live writer itself, not a copy): decode and validate every record, publish the dead letters and
 * wait for their acknowledgement, then write the valid records; if the database refuses the batch
 * for some record's data, find the record(s) one by one in rolled-back transactions, dead-letter
 * them and write the rest. Events older than the retention age, and the records of forgotten students, are
 * dropped by the sink inside the write's transaction. Events the roster refuses (their student is rostered in another classroom,
 * ADR 0021) are found inside the write's transaction and published from there, before its commit. Only
 * how the rows are written differs: live with the batch's offsets (compare-and-set), a replay without
 * offsets, a dry run in a transaction always rolled back and with its dead letters only counted.
 */
@Component
public class BatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(BatchProcessor.class);

    private final BatchDecoder decoder;
    private final BatchSink sink;
    private final DeadLetterPublisher deadLetters;

    BatchProcessor(EventCodec codec, BatchSink sink, DeadLetterPublisher deadLetters) {
        this.decoder = new BatchDecoder(codec);
        this.sink = sink;
        this.deadLetters = deadLetters;
    }

    /**
     * The live path: writes with the batch's offsets in the same transaction.
     *
     * @throws StaleBatchException if the stored offsets are past the batch: nothing was written
     * @throws BatchWriteException if the write failed for a reason no record is to blame for
     */
    public BatchOutcome process(List<ConsumerRecord<String, byte[]>> records, BatchOffsets offsets) {
        return run(records, (batch, refused) -> sink.write(batch, offsets, refused), deadLetters::publish);
    }

    /**
     * A replay: writes and commits without moving any stored offset; dead letters go out as live,
     * naming {@code consumerGroup} as the group that refused them.
     *
     * @throws BatchWriteException if the write failed for a reason no record is to blame for
     */
    public BatchOutcome replay(List<ConsumerRecord<String, byte[]>> records, String consumerGroup) {
        return run(records, sink::writeWithoutOffsets, letters -> deadLetters.publish(letters, consumerGroup));
    }

    /**
     * A dry run: everything the replay does, but the transaction is always rolled back and dead
     * letters are only counted, so the outcome is exact and nothing changes.
     *
     * @throws BatchWriteException if the write failed for a reason no record is to blame for
     */
    public BatchOutcome dryRun(List<ConsumerRecord<String, byte[]>> records) {
        return run(records, (batch, refused) -> sink.dryRun(batch), letters -> {});
    }

    private BatchOutcome run(
            List<ConsumerRecord<String, byte[]>> records,
            BiFunction<SinkBatch, Consumer<List<DeadLetter>>, WriteResult> writeAndPublish,
            Consumer<List<DeadLetter>> publish) {
        DecodedBatch batch = decoder.decode(records);
        publish(batch.rejected(), records.size(), publish);
        List<DecodedBatch.Accepted> accepted = batch.accepted();
        Function<SinkBatch, WriteResult> write =
                sinkBatch -> writeAndPublish.apply(sinkBatch, refused -> publish(refused, records.size(), publish));
        try {
            WriteResult result = write.apply(DecodedBatch.toSinkBatch(accepted));
            return new BatchOutcome(records.size(), batch.rejected().size() + result.refused(), result);
        } catch (StaleBatchException e) {
            throw e;
        } catch (DataAccessException | TransactionException e) {
            FailureKind kind = WriteFailures.classify(e);
            if (kind != FailureKind.RECORD_DATA) {
                throw new BatchWriteException(kind, "a batch of " + accepted.size() + " records", e);
            }
        }
        List<DeadLetter> refused = refusedOneByOne(accepted);
        publish(refused, records.size(), publish);
        List<DecodedBatch.Accepted> rest = new ArrayList<>(accepted);
        rest.removeIf(a -> refused.stream().anyMatch(r -> r.source() == a.source()));
        WriteResult result = writeRest(rest, write);
        return new BatchOutcome(records.size(), batch.rejected().size() + refused.size() + result.refused(), result);
    }

    private static WriteResult writeRest(List<DecodedBatch.Accepted> rest, Function<SinkBatch, WriteResult> write) {
        try {
            return write.apply(DecodedBatch.toSinkBatch(rest));
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
                sink.probe(DecodedBatch.toSinkBatch(List.of(record)));
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

    /** Dead letters go out, acknowledged, before the batch commits: they are at-least-once. */
    private static void publish(List<DeadLetter> letters, int batchSize, Consumer<List<DeadLetter>> publish) {
        if (letters.isEmpty()) {
            return;
        }
        publish.accept(letters);
        log.warn(
                "{} of {} records refused as dead letters, first: {}",
                letters.size(),
                batchSize,
                describe(letters.get(0)));
    }

    private static String describe(DeadLetter letter) {
        return describe(letter.source()) + " " + letter.reason();
    }

    private static String describe(ConsumerRecord<?, ?> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
