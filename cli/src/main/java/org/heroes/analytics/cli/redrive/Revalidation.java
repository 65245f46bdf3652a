package org.heroes.analytics.cli.redrive;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.UndecodableRecordException;
import org.heroes.analytics.schemas.rules.RecordRules;

/**
 * Re-validates a dead letter exactly as the aggregator validates a consumed record: its original bytes
 * decoded with {@link EventCodec}, then {@link Topic#misplacement} against the source topic, then
 * {@link RecordRules}. A dead letter whose headers name no topic of this system stays.
 */
final class Revalidation {

    private final EventCodec codec;

    Revalidation(EventCodec codec) {
        this.codec = codec;
    }

    Verdict check(ConsumerRecord<byte[], byte[]> deadLetter) {
        DeadLetterHeaders headers = DeadLetterHeaders.of(deadLetter.headers());
        if (headers.originalTopic().isEmpty()) {
            return new Verdict.Fails("no " + DeadLetterHeaders.ORIGINAL_TOPIC + " header", null);
        }
        String sourceTopic = headers.originalTopic().get();
        if (Topic.byName(sourceTopic).isEmpty()) {
            return new Verdict.Fails("source topic " + sourceTopic + " is not a topic of this system", null);
        }
        SpecificRecord record;
        try {
            record = codec.decode(deadLetter.value());
        } catch (UndecodableRecordException e) {
            return new Verdict.Fails(e.getMessage(), null);
        } catch (RuntimeException e) {
            // as the aggregator's BatchDecoder: decoding is a pure function of the bytes, so any failure is theirs
            return new Verdict.Fails("cannot decode payload: " + e, null);
        }
        var misplaced = Topic.misplacement(record, sourceTopic);
        if (misplaced.isPresent()) {
            return new Verdict.Fails(misplaced.get(), eventId(record));
        }
        List<String> violations = RecordRules.violations(record);
        if (!violations.isEmpty()) {
            return new Verdict.Fails(String.join("; ", violations), eventId(record));
        }
        return new Verdict.Passes(sourceTopic, record);
    }

    /** Every record of contract §2 has an {@code eventId}; it identifies the record and is no personal datum. */
    private static String eventId(SpecificRecord record) {
        Schema.Field field = record.getSchema().getField("eventId");
        Object value = field == null ? null : record.get(field.pos());
        return value == null ? null : value.toString();
    }
}
