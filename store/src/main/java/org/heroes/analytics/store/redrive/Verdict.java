package org.heroes.analytics.store.redrive;

import org.apache.avro.specific.SpecificRecord;

/** What re-validating one dead letter decided: back to its source topic, or it stays, and why. */
public sealed interface Verdict {

    /**
     * The dead letter now decodes and keeps every rule.
     *
     * @param sourceTopic the topic it goes back to (its {@code kafka_dlt-original-topic})
     * @param record the decoded record
     */
    record Passes(String sourceTopic, SpecificRecord record) implements Verdict {}

    /**
     * The dead letter still fails.
     *
     * @param reason why, e.g. {@code unknown schema fingerprint 0123456789abcdef} or
     *     {@code lessonId: must be an integer from 1 to 12}; never a field's value
     * @param eventId the record's eventId if it could be decoded, else null
     */
    record Fails(String reason, String eventId) implements Verdict {}
}
