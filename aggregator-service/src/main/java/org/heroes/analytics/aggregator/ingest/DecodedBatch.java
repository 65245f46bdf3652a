package org.heroes.analytics.aggregator.ingest;

import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.aggregator.deadletter.DeadLetter;
import org.heroes.analytics.aggregator.sink.SinkBatch;

/**
 * A consumed batch split into the records to write, in consumption order, and the ones refused.
 *
 * @param accepted decoded, valid records with the consumer record each came from
 * @param rejected records that cannot be decoded or are invalid, with the reason
 */
record DecodedBatch(List<Accepted> accepted, List<DeadLetter> rejected) {

    /** A valid record and where it was read from (needed if the database later refuses it). */
    record Accepted(ConsumerRecord<String, byte[]> source, SpecificRecord value) {}

    DecodedBatch {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }

    /** The accepted records grouped by kind, for one write. */
    SinkBatch toSinkBatch() {
        return SinkBatch.of(accepted.stream().map(Accepted::value).toList());
    }
}
