package org.heroes.analytics.store.sink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;

/**
 * A batch's valid records grouped by kind, each list in consumption order (so, per partition, in
 * offset order), and the consumer record each came from where known. Records must already be validated:
 * the writers assume well-formed UUIDs and values within the columns' checks.
 *
 * @param sources the consumer record each record was decoded from, by identity (the same event consumed
 *     twice is two records); what a held event keeps and a dead letter carries. Empty for a batch built
 *     from records alone (a tool, a test): {@link RosterGate} then encodes the record itself.
 * @param rosterTombstones the keys (canonical UUIDs) of the roster tombstones consumed: records without a value,
 *     each deleting the entity its key names ({@link RosterTombstones})
 */
public record SinkBatch(
        List<AnalyticsEvent> analytics,
        List<ProgressEvent> progress,
        List<FeedbackEvent> feedback,
        List<FacilitatorRecord> facilitators,
        List<ClassroomRecord> classrooms,
        List<StudentRecord> students,
        Map<SpecificRecord, ConsumerRecord<String, byte[]>> sources,
        List<String> rosterTombstones) {

    public SinkBatch {
        analytics = List.copyOf(analytics);
        progress = List.copyOf(progress);
        feedback = List.copyOf(feedback);
        facilitators = List.copyOf(facilitators);
        classrooms = List.copyOf(classrooms);
        students = List.copyOf(students);
        sources = Collections.unmodifiableMap(new IdentityHashMap<>(sources));
        rosterTombstones = List.copyOf(rosterTombstones);
    }

    /** A batch of records without their consumer records, and without tombstones. */
    public SinkBatch(
            List<AnalyticsEvent> analytics,
            List<ProgressEvent> progress,
            List<FeedbackEvent> feedback,
            List<FacilitatorRecord> facilitators,
            List<ClassroomRecord> classrooms,
            List<StudentRecord> students) {
        this(analytics, progress, feedback, facilitators, classrooms, students, Map.of(), List.of());
    }

    /** This batch with the roster tombstones of these keys (any case; kept canonical, in their order). */
    public SinkBatch withRosterTombstones(List<String> keys) {
        return new SinkBatch(
                analytics,
                progress,
                feedback,
                facilitators,
                classrooms,
                students,
                sources,
                keys.stream().map(SqlArrays::canonicalUuid).toList());
    }

    /**
     * Groups the decoded {@code values} by kind, keeping their order, each with the consumer record at the same
     * index of {@code consumed}.
     */
    public static SinkBatch consumed(
            List<ConsumerRecord<String, byte[]>> consumed, List<? extends SpecificRecord> values) {
        if (consumed.size() != values.size()) {
            throw new IllegalArgumentException(consumed.size() + " consumer records for " + values.size() + " values");
        }
        Map<SpecificRecord, ConsumerRecord<String, byte[]>> sources = new IdentityHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            sources.put(values.get(i), consumed.get(i));
        }
        return of(values).withSources(sources);
    }

    /** Groups {@code records} by kind, keeping their order. */
    public static SinkBatch of(Collection<? extends SpecificRecord> records) {
        List<AnalyticsEvent> analytics = new ArrayList<>();
        List<ProgressEvent> progress = new ArrayList<>();
        List<FeedbackEvent> feedback = new ArrayList<>();
        List<FacilitatorRecord> facilitators = new ArrayList<>();
        List<ClassroomRecord> classrooms = new ArrayList<>();
        List<StudentRecord> students = new ArrayList<>();
        for (SpecificRecord record : records) {
            boolean added = switch (EventKind.of(record)) {
                case ANALYTICS -> analytics.add((AnalyticsEvent) record);
                case PROGRESS -> progress.add((ProgressEvent) record);
                case FEEDBACK -> feedback.add((FeedbackEvent) record);
                case FACILITATOR -> facilitators.add((FacilitatorRecord) record);
                case CLASSROOM -> classrooms.add((ClassroomRecord) record);
                case STUDENT -> students.add((StudentRecord) record);
            };
        }
        return new SinkBatch(analytics, progress, feedback, facilitators, classrooms, students);
    }

    /** The consumer record {@code record} was decoded from, if the batch knows it. */
    Optional<ConsumerRecord<String, byte[]>> sourceOf(SpecificRecord record) {
        return Optional.ofNullable(sources.get(record));
    }

    /** The events (analytics, progress, feedback), kind by kind, each kind in consumption order. */
    List<SpecificRecord> events() {
        return Stream.of(analytics, progress, feedback)
                .<SpecificRecord>flatMap(List::stream)
                .toList();
    }

    /** The students the batch's roster records name, canonical. */
    Set<String> rosterStudentIds() {
        Set<String> ids = new TreeSet<>();
        students.forEach(r -> addStudent(ids, r.getStudentId()));
        return ids;
    }

    /** A batch of these events only (no roster records), with this batch's sources. */
    SinkBatch withEventsOnly(List<? extends SpecificRecord> events) {
        return of(events).withSources(sources);
    }

    /**
     * This batch less {@code records} (by identity) plus {@code more} events: what moved the watermarks (the
     * events held for the roster or refused by it are not in the tables; those it released now are).
     */
    SinkBatch without(Set<SpecificRecord> records, List<? extends SpecificRecord> more) {
        List<SpecificRecord> kept = new ArrayList<>();
        all().filter(r -> !records.contains(r)).forEach(kept::add);
        kept.addAll(more);
        return of(kept).withSources(sources).withRosterTombstones(rosterTombstones);
    }

    private SinkBatch withSources(Map<SpecificRecord, ConsumerRecord<String, byte[]>> sources) {
        return new SinkBatch(
                analytics, progress, feedback, facilitators, classrooms, students, sources, rosterTombstones);
    }

    /** Every student id the batch names (events with a student, progress, feedback, roster students), canonical. */
    Set<String> studentIds() {
        Set<String> ids = new TreeSet<>();
        all().forEach(r -> EventKind.of(r).studentId(r).ifPresent(id -> ids.add(SqlArrays.canonicalUuid(id))));
        return ids;
    }

    /** This batch less every record naming one of {@code forgotten} (canonical ids); the order is kept. */
    SinkBatch withoutStudents(Set<String> forgotten) {
        if (forgotten.isEmpty()) {
            return this;
        }
        List<SpecificRecord> kept = all().filter(r -> EventKind.of(r)
                        .studentId(r)
                        .map(id -> !forgotten.contains(SqlArrays.canonicalUuid(id)))
                        .orElse(true))
                .toList();
        return of(kept).withSources(sources).withRosterTombstones(rosterTombstones);
    }

    /** Every record of the batch, kind by kind, each kind in consumption order. */
    private Stream<SpecificRecord> all() {
        return Stream.of(analytics, progress, feedback, facilitators, classrooms, students)
                .flatMap(List::stream);
    }

    private static void addStudent(Set<String> ids, String studentId) {
        if (studentId != null) {
            ids.add(SqlArrays.canonicalUuid(studentId));
        }
    }

    public int size() {
        return analytics.size()
                + progress.size()
                + feedback.size()
                + facilitators.size()
                + classrooms.size()
                + students.size()
                + rosterTombstones.size();
    }
}
