package org.heroes.analytics.store.batch;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.store.deadletter.DeadLetter;
import org.heroes.analytics.store.sink.SinkBatch;

/**
 * A consumed batch split into the records to write, in consumption order, and the ones refused.
 *
 * @param accepted decoded, valid records with the consumer record each came from
 * @param rejected records that cannot be decoded or are invalid, with the reason
 */
record DecodedBatch(List<Accepted> accepted, List<DeadLetter> rejected) {

    /**
     * A valid record and where it was read from (needed if the database later refuses it); a roster tombstone has
     * no value, its key names what it deletes.
     */
    record Accepted(ConsumerRecord<String, byte[]> source, SpecificRecord value) {

        boolean tombstone() {
            return value == null;
        }
    }

    DecodedBatch {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    /** The accepted records grouped by kind, for one write. */
    SinkBatch toSinkBatch() {
        return toSinkBatch(accepted);
    }

    /** These records grouped by kind, the tombstones' keys among them, for one write. */
    static SinkBatch toSinkBatch(List<Accepted> records) {
        List<Accepted> values = records.stream().filter(a -> !a.tombstone()).toList();
        return SinkBatch.consumed(
                        values.stream().map(Accepted::source).toList(),
                        values.stream().map(Accepted::value).toList())
                .withRosterTombstones(records.stream()
                        .filter(Accepted::tombstone)
                        .map(a -> a.source().key())
                        .toList());
    }
}
