package org.heroes.analytics.aggregator.sink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;

/**
 * A batch's valid records grouped by kind, each list in consumption order (so, per partition, in
 * offset order). Records must already be validated: the writers assume well-formed UUIDs and values
 * within the columns' checks. {@code rosterTombstones} are the keys (canonical UUIDs) of the roster
 * tombstones consumed: records without a value, each deleting the entity its key names ({@link RosterTombstones}).
 */
public record SinkBatch(
        List<AnalyticsEvent> analytics,
        List<ProgressEvent> progress,
        List<FeedbackEvent> feedback,
        List<FacilitatorRecord> facilitators,
        List<ClassroomRecord> classrooms,
        List<StudentRecord> students,
        List<String> rosterTombstones) {

    public SinkBatch {
        analytics = List.copyOf(analytics);
        progress = List.copyOf(progress);
        feedback = List.copyOf(feedback);
        facilitators = List.copyOf(facilitators);
        classrooms = List.copyOf(classrooms);
        students = List.copyOf(students);
        rosterTombstones = List.copyOf(rosterTombstones);
    }

    /** A batch of records without tombstones. */
    public SinkBatch(
            List<AnalyticsEvent> analytics,
            List<ProgressEvent> progress,
            List<FeedbackEvent> feedback,
            List<FacilitatorRecord> facilitators,
            List<ClassroomRecord> classrooms,
            List<StudentRecord> students) {
        this(analytics, progress, feedback, facilitators, classrooms, students, List.of());
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
                keys.stream().map(SqlArrays::canonicalUuid).toList());
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
            if (record instanceof AnalyticsEvent e) {
                analytics.add(e);
            } else if (record instanceof ProgressEvent e) {
                progress.add(e);
            } else if (record instanceof FeedbackEvent e) {
                feedback.add(e);
            } else if (record instanceof FacilitatorRecord r) {
                facilitators.add(r);
            } else if (record instanceof ClassroomRecord r) {
                classrooms.add(r);
            } else if (record instanceof StudentRecord r) {
                students.add(r);
            } else {
                throw new IllegalArgumentException(
                        "no table for " + record.getSchema().getFullName());
            }
        }
        return new SinkBatch(analytics, progress, feedback, facilitators, classrooms, students);
    }

    /** Every student id the batch names (events with a student, progress, feedback, roster students), canonical. */
    Set<String> studentIds() {
        Set<String> ids = new TreeSet<>();
        analytics.forEach(e -> addStudent(ids, e.getStudentId()));
        progress.forEach(e -> addStudent(ids, e.getStudentId()));
        feedback.forEach(e -> addStudent(ids, e.getStudentId()));
        students.forEach(r -> addStudent(ids, r.getStudentId()));
        return ids;
    }

    /** This batch less every record naming one of {@code forgotten} (canonical ids); the order is kept. */
    SinkBatch withoutStudents(Set<String> forgotten) {
        if (forgotten.isEmpty()) {
            return this;
        }
        return new SinkBatch(
                keep(analytics, AnalyticsEvent::getStudentId, forgotten),
                keep(progress, ProgressEvent::getStudentId, forgotten),
                keep(feedback, FeedbackEvent::getStudentId, forgotten),
                facilitators,
                classrooms,
                keep(students, StudentRecord::getStudentId, forgotten),
                rosterTombstones);
    }

    private static void addStudent(Set<String> ids, String studentId) {
        if (studentId != null) {
            ids.add(SqlArrays.canonicalUuid(studentId));
        }
    }

    private static <T> List<T> keep(List<T> records, Function<T, String> studentId, Set<String> forgotten) {
        return records.stream()
                .filter(r -> {
                    String id = studentId.apply(r);
                    return id == null || !forgotten.contains(SqlArrays.canonicalUuid(id));
                })
                .toList();
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
