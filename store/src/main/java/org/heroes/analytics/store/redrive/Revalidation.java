package org.heroes.analytics.store.redrive;

import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.schemas.DeadLetterHeaders;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.UndecodableRecordException;
import org.heroes.analytics.schemas.rules.RecordRules;

/**
 * Re-validates a dead letter exactly as the aggregator validates a consumed record: its original bytes
 * decoded with {@link EventCodec}, then {@link RecordRules#refusal} against the source topic (the one check of
 * both). A dead letter whose headers name no topic of this system stays.
 */
public final class Revalidation {

    private final EventCodec codec;

    public Revalidation(EventCodec codec) {
        this.codec = codec;
    }

    public Verdict check(ConsumerRecord<byte[], byte[]> deadLetter) {
        DeadLetterOrigin headers = DeadLetterOrigin.of(deadLetter.headers());
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
        Optional<String> refusal = RecordRules.refusal(record, sourceTopic);
        if (refusal.isPresent()) {
            // every record has an eventId; it identifies the record and is no personal datum
            return new Verdict.Fails(refusal.get(), EventKind.of(record).eventId(record));
        }
        return new Verdict.Passes(sourceTopic, record);
    }
}
