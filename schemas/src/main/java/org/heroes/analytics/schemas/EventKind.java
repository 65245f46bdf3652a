package org.heroes.analytics.schemas;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;

/**
 * The kinds of record of contract §2, each declared once: its {@code kind} name (the JSON item's {@code kind}, the
 * {@code kind} tag of the metrics), its Avro record class and newest schema (whose published versions
 * {@link SchemaHistory} keeps under {@code avro/history/<Record>/}), its {@link Topic}, its {@link Family} (which
 * says how it is keyed and whether it expires), and how to read its record key, event time, classroom and student.
 *
 * <p>Every per-kind dispatch in the code is a {@code switch} expression over this enum without a {@code default}
 * branch, so a kind added here that some stage does not handle fails the build, not a test run and not production.
 * How to add a kind: docs/adr/0030-one-declaration-per-kind.md.
 */
public enum EventKind {
    ANALYTICS(
            "analytics",
            AnalyticsEvent.class,
            AnalyticsEvent.getClassSchema(),
            Topic.ANALYTICS,
            Family.EVENT,
            AnalyticsEvent::getEventId,
            AnalyticsEvent::getOccurredAt,
            AnalyticsEvent::getClassroomId,
            AnalyticsEvent::getClassroomId,
            AnalyticsEvent::getStudentId),
    PROGRESS(
            "progress",
            ProgressEvent.class,
            ProgressEvent.getClassSchema(),
            Topic.PROGRESS,
            Family.EVENT,
            ProgressEvent::getEventId,
            ProgressEvent::getOccurredAt,
            ProgressEvent::getClassroomId,
            ProgressEvent::getClassroomId,
            ProgressEvent::getStudentId),
    FEEDBACK(
            "feedback",
            FeedbackEvent.class,
            FeedbackEvent.getClassSchema(),
            Topic.FEEDBACK,
            Family.EVENT,
            FeedbackEvent::getEventId,
            FeedbackEvent::getOccurredAt,
            FeedbackEvent::getClassroomId,
            FeedbackEvent::getClassroomId,
            FeedbackEvent::getStudentId),
    FACILITATOR(
            "facilitator",
            FacilitatorRecord.class,
            FacilitatorRecord.getClassSchema(),
            Topic.ROSTER,
            Family.ROSTER,
            FacilitatorRecord::getEventId,
            FacilitatorRecord::getOccurredAt,
            FacilitatorRecord::getFacilitatorId,
            r -> null,
            r -> null),
    CLASSROOM(
            "classroom",
            ClassroomRecord.class,
            ClassroomRecord.getClassSchema(),
            Topic.ROSTER,
            Family.ROSTER,
            ClassroomRecord::getEventId,
            ClassroomRecord::getOccurredAt,
            ClassroomRecord::getClassroomId,
            ClassroomRecord::getClassroomId,
            r -> null),
    STUDENT(
            "student",
            StudentRecord.class,
            StudentRecord.getClassSchema(),
            Topic.ROSTER,
            Family.ROSTER,
            StudentRecord::getEventId,
            StudentRecord::getOccurredAt,
            StudentRecord::getStudentId,
            StudentRecord::getClassroomId,
            StudentRecord::getStudentId);

    /** What a kind is, which decides its key, its topic's clean-up and whether it expires. */
    public enum Family {
        /**
         * A moment of a classroom's term: keyed by its classroom (one classroom's events stay in order on one
         * partition), kept for the replay window on its topic, and older than the retention age neither accepted
         * nor stored (docs/data-retention.md).
         */
        EVENT,
        /**
         * The state of an entity of the roster: keyed by the entity's id on the compacted roster topic, and never
         * expired by age (the newest record per entity wins).
         */
        ROSTER
    }

    private static final Map<Class<?>, EventKind> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventKind::recordClass, Function.identity()));

    private final String kindName;
    private final Class<? extends SpecificRecord> recordClass;
    private final Schema schema;
    private final Topic topic;
    private final Family family;
    private final Function<SpecificRecord, String> eventId;
    private final Function<SpecificRecord, Instant> occurredAt;
    private final Function<SpecificRecord, String> key;
    private final Function<SpecificRecord, String> classroomId;
    private final Function<SpecificRecord, String> studentId;

    <R extends SpecificRecord> EventKind(
            String kindName,
            Class<R> recordClass,
            Schema schema,
            Topic topic,
            Family family,
            Function<R, String> eventId,
            Function<R, Instant> occurredAt,
            Function<R, String> key,
            Function<R, String> classroomId,
            Function<R, String> studentId) {
        this.kindName = kindName;
        this.recordClass = recordClass;
        this.schema = schema;
        this.topic = topic;
        this.family = family;
        this.eventId = r -> eventId.apply(recordClass.cast(r));
        this.occurredAt = r -> occurredAt.apply(recordClass.cast(r));
        this.key = r -> key.apply(recordClass.cast(r));
        this.classroomId = r -> classroomId.apply(recordClass.cast(r));
        this.studentId = r -> studentId.apply(recordClass.cast(r));
    }

    /**
     * The kind of a record.
     *
     * @throws IllegalArgumentException if the record is not of a declared kind (a generated class without a
     *     declaration here)
     */
    public static EventKind of(SpecificRecord record) {
        EventKind kind = BY_CLASS.get(record.getClass());
        if (kind == null) {
            throw new IllegalArgumentException(
                    "no kind is declared for " + record.getSchema().getFullName() + " (see EventKind)");
        }
        return kind;
    }

    /**
     * Why the record does not belong on the named topic, e.g. {@code "ProgressEvent belongs on
     * heroes.student-progress.v1, not on heroes.analytics-events.v1"}; empty when it does. A consumer refuses a record
     * read from another kind's topic.
     */
    public static Optional<String> misplacement(SpecificRecord record, String topicName) {
        Topic expected = of(record).topic();
        if (expected.topicName().equals(topicName)) {
            return Optional.empty();
        }
        return Optional.of(
                "%s belongs on %s, not on %s".formatted(record.getSchema().getName(), expected.topicName(), topicName));
    }

    /** The kind of this {@code kind} name ({@code analytics}, {@code student}, ...), if there is one. */
    public static Optional<EventKind> byName(String kindName) {
        return Arrays.stream(values()).filter(k -> k.kindName.equals(kindName)).findFirst();
    }

    /** The kinds of a family, in declaration order. */
    public static List<EventKind> inFamily(Family family) {
        return Arrays.stream(values()).filter(k -> k.family == family).toList();
    }

    /** The item's {@code kind} of contract §2 and the {@code kind} tag of the metrics. */
    public String kindName() {
        return kindName;
    }

    /** The generated Avro class of the kind's records. */
    public Class<? extends SpecificRecord> recordClass() {
        return recordClass;
    }

    /** The newest schema of the kind, as compiled into {@link #recordClass()}. */
    public Schema schema() {
        return schema;
    }

    /** The topic the kind's records are published on. */
    public Topic topic() {
        return topic;
    }

    public Family family() {
        return family;
    }

    /** The record's {@code eventId}: every record has one (the database keeps each once). */
    public String eventId(SpecificRecord record) {
        return eventId.apply(record);
    }

    /** The record's {@code occurredAt}: the moment of an event, the time of a roster record's state. */
    public Instant occurredAt(SpecificRecord record) {
        return occurredAt.apply(record);
    }

    /** The record's key on its topic: the classroom for events, the entity's own id for roster records. */
    public String key(SpecificRecord record) {
        return key.apply(record);
    }

    /** The classroom the record belongs to; empty for a facilitator. */
    public Optional<String> classroomId(SpecificRecord record) {
        return Optional.ofNullable(classroomId.apply(record));
    }

    /** The student the record names; empty for facilitators, classrooms and analytics events without a student. */
    public Optional<String> studentId(SpecificRecord record) {
        return Optional.ofNullable(studentId.apply(record));
    }
}
