package org.heroes.analytics.store.sink;

import java.util.List;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.store.deadletter.DeadLetter;

/**
 * What the roster said of a batch's events ({@link RosterGate}).
 *
 * @param admitted the events to write now: the batch's own whose student is rostered in the classroom they name
 *     (or that name no student), then the held events this batch's roster records released
 * @param released the held events among {@code admitted}
 * @param notApplied the batch's events that are not written (held or refused), by identity
 * @param refused dead letters: events whose student is rostered in another classroom, the batch's own and
 *     released ones
 * @param held how many of the batch's events were held
 */
record RosterVerdict(
        SinkBatch admitted,
        List<SpecificRecord> released,
        Set<SpecificRecord> notApplied,
        List<DeadLetter> refused,
        int held) {}
