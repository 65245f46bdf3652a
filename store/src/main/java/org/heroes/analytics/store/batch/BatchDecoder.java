package org.heroes.analytics.store.batch;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.UndecodableRecordException;
import org.heroes.analytics.schemas.rules.RecordRules;
import org.heroes.analytics.store.deadletter.DeadLetter;

/**
 * Decodes and validates a consumed batch; never throws for a bad record, it rejects it with the reason. A record
 * without a value on the roster topic is a tombstone: accepted, with no value, if its key is an entity id (the
 * sink forgets the student it names); anywhere else a missing value is undecodable.
 */
final class BatchDecoder {

    static final String TOMBSTONE_KEY = "a roster tombstone's key must be an entity id (a UUID)";

    private final EventCodec codec;

    BatchDecoder(EventCodec codec) {
        this.codec = codec;
    }

    DecodedBatch decode(List<ConsumerRecord<String, byte[]>> records) {
        List<DecodedBatch.Accepted> accepted = new ArrayList<>(records.size());
        List<DeadLetter> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            if (isRosterTombstone(record)) {
                if (record.key() == null || !RecordRules.isUuid(record.key())) {
                    rejected.add(DeadLetter.of(record, new InvalidRecordException(TOMBSTONE_KEY)));
                } else {
                    accepted.add(new DecodedBatch.Accepted(record, null));
                }
                continue;
            }
            SpecificRecord value;
            try {
                value = decode(record.value());
                RecordValidator.validate(record.topic(), value);
            } catch (UndecodableRecordException | InvalidRecordException e) {
                rejected.add(DeadLetter.of(record, e));
                continue;
            }
            accepted.add(new DecodedBatch.Accepted(record, value));
        }
        return new DecodedBatch(accepted, rejected);
    }

    private static boolean isRosterTombstone(ConsumerRecord<String, byte[]> record) {
        return record.value() == null && Topic.ROSTER.topicName().equals(record.topic());
    }

    /**
     * Decoding is a pure function of the bytes, so any runtime failure inside it is the payload's
     * fault and would recur on every retry: it is reported as undecodable (and so dead-lettered)
     * rather than left to fail, and forever block, the partition.
     */
    private SpecificRecord decode(byte[] payload) {
        try {
            return codec.decode(payload);
        } catch (UndecodableRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UndecodableRecordException("cannot decode payload: " + e, e);
        }
    }
}
