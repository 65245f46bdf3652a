package org.heroes.analytics.store.batch;

import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.rules.RecordRules;

/**
 * Checks that a decoded record came from its kind's topic and keeps the value rules of contract §2
 * ({@link RecordRules}, the very rules ingest applies), which also keep out everything the tables
 * would refuse, so that one bad record never fails a whole batch's statement. This is the consumer's
 * own guard: backfill, replay and any producer with topic access bypass ingest. The CLI's dead-letter
 * redrive applies the same check, {@link RecordRules#refusal}: the record's topic, then its rules. The "not more than 5
 * minutes in the future" rule is ingest's alone: it depends on the clock at receipt, and a replay must
 * accept what ingest once accepted.
 */
final class RecordValidator {

    private RecordValidator() {}

    /**
     * @throws InvalidRecordException naming every field at fault, e.g. {@code lessonId: must be an
     *     integer from 1 to 12}, reasons joined by {@code "; "}
     */
    static void validate(String sourceTopic, SpecificRecord record) {
        RecordRules.refusal(record, sourceTopic).ifPresent(reason -> {
            throw new InvalidRecordException(reason);
        });
    }
}
