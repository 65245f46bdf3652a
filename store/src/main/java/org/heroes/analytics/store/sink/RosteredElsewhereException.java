package org.heroes.analytics.store.sink;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.store.deadletter.DeadLetter;

/**
 * Why an event is refused when its student is rostered in another classroom than the one it names (ADR 0021).
 * Never thrown: it names the refusal in the dead letter's headers ({@code kafka_dlt-exception-fqcn} and
 * {@code -message}). The reason names the conflict and no id: the student's id is in the record itself, and the
 * classroom the student is rostered in is roster data of another classroom, which neither the dead-letter topic
 * nor the aggregator's log (where the first reason of a batch is written) has any use for.
 */
final class RosteredElsewhereException extends RuntimeException {

    static final String REASON = "studentId: the student is rostered in another classroom";

    private RosteredElsewhereException() {
        super(REASON, null, false, false);
    }

    /** The dead letter of an event refused because its student is rostered in another classroom. */
    static DeadLetter deadLetter(ConsumerRecord<String, byte[]> source) {
        return DeadLetter.of(source, new RosteredElsewhereException());
    }
}
