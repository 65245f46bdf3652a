package org.heroes.analytics.store.sink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.store.deadletter.DeadLetter;
import org.springframework.stereotype.Component;

/**
 * The roster check of a batch's events (ADR 0021). ingest-service only checks that an event names its token's
 * classroom; whether the student is in that classroom is the roster's to say, and only the aggregator has the
 * roster. For each event that names a student:
 *
 * <ul>
 *   <li>rostered in the classroom the event names: written, as before;
 *   <li>rostered in another classroom: stored and counted nowhere, a dead letter ({@link
 *       RosteredElsewhereException#REASON});
 *   <li>on no roster yet: held in {@code pending_student_events} ({@link PendingEvents}), uncounted and unreadable
 *       by query-service, until a roster record places the student.
 * </ul>
 *
 * A batch's roster records release the held events of their students: those naming the classroom the student is
 * now in are written with the batch exactly as if they had just arrived (idempotent on their event id, rollups
 * included), the others become dead letters. {@link StudentPlacements} holds the locks that keep these answers
 * true until the batch commits.
 */
@Component
class RosterGate {

    private final StudentPlacements placements;
    private final PendingEvents pending;
    private final RosterMetrics metrics;
    private final EventCodec codec;

    RosterGate(StudentPlacements placements, PendingEvents pending, RosterMetrics metrics, EventCodec codec) {
        this.placements = placements;
        this.pending = pending;
        this.metrics = metrics;
        this.codec = codec;
    }

    /**
     * Locks the rows of every student the batch names who is on the roster ({@link StudentPlacements}); the first
     * statement about students of the batch's transaction, before its roster upsert.
     *
     * @return where those students were placed before the batch
     */
    Map<String, String> lock(SinkBatch batch) {
        Set<String> students = new TreeSet<>(batch.rosterStudentIds());
        batch.events().stream()
                .map(StudentEvent::of)
                .flatMap(Optional::stream)
                .forEach(e -> students.add(e.studentId()));
        return placements.lockPlaced(students);
    }

    /**
     * Sorts the batch's events by what the roster says of their students, holds and releases; runs in the batch's
     * transaction after {@link #lock} and the batch's roster upsert, before any event is written.
     *
     * @param lockedBefore what {@link #lock} answered
     */
    RosterVerdict admit(SinkBatch batch, Map<String, String> lockedBefore) {
        List<SpecificRecord> events = batch.events();
        List<StudentEvent> named =
                events.stream().map(StudentEvent::of).flatMap(Optional::stream).toList();
        Set<String> rostered = batch.rosterStudentIds();
        Set<SpecificRecord> notApplied = Collections.newSetFromMap(new IdentityHashMap<>());
        if (named.isEmpty() && rostered.isEmpty()) {
            return new RosterVerdict(batch.withEventsOnly(events), List.of(), notApplied, List.of(), 0);
        }
        Set<String> students = new TreeSet<>();
        named.forEach(e -> students.add(e.studentId()));
        Map<String, String> placed = new HashMap<>(lockedBefore);
        Set<String> ownRoster = new TreeSet<>(students);
        ownRoster.retainAll(rostered);
        placed.putAll(placements.placed(ownRoster)); // as this batch's roster upsert left them
        Set<String> unplaced = new TreeSet<>(students);
        unplaced.removeAll(placed.keySet());
        Set<String> buckets = new TreeSet<>(unplaced);
        buckets.addAll(rostered);
        placements.lockBuckets(buckets);
        // placed by a batch that committed meanwhile: their rows locked too, as every progress writer holds them
        placed.putAll(placements.lockPlacedMeanwhile(unplaced));

        List<PendingEvents.Held> held = new ArrayList<>();
        List<DeadLetter> refused = new ArrayList<>();
        for (StudentEvent event : named) {
            String classroom = placed.get(event.studentId());
            if (classroom == null) {
                held.add(new PendingEvents.Held(event, source(batch, event.record())));
                notApplied.add(event.record());
            } else if (!classroom.equals(event.classroomId())) {
                refused.add(RosteredElsewhereException.deadLetter(source(batch, event.record())));
                metrics.refused(event.kind());
                notApplied.add(event.record());
            }
        }
        pending.hold(held);
        PendingEvents.Released released = pending.release(rostered);
        refused.addAll(released.refused());
        List<SpecificRecord> admitted =
                new ArrayList<>(events.size() + released.applicable().size());
        events.stream().filter(e -> !notApplied.contains(e)).forEach(admitted::add);
        admitted.addAll(released.applicable());
        return new RosterVerdict(
                batch.withEventsOnly(admitted), released.applicable(), notApplied, refused, held.size());
    }

    /**
     * The consumer record {@code event} came from; for a batch built without them (a tool, a test), a stand-in on
     * the event's topic with its key and encoding, partition and offset -1.
     */
    private ConsumerRecord<String, byte[]> source(SinkBatch batch, SpecificRecord event) {
        return batch.sourceOf(event)
                .orElseGet(() -> new ConsumerRecord<>(
                        EventKind.of(event).topic().topicName(),
                        -1,
                        -1L,
                        EventKind.of(event).key(event),
                        codec.encode(event)));
    }
}
