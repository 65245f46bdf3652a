package org.heroes.analytics.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.classroom;
import static org.heroes.analytics.testsupport.TestRecords.facilitator;
import static org.heroes.analytics.testsupport.TestRecords.feedback;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;
import static org.heroes.analytics.testsupport.TestRecords.student;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.testsupport.TestRecords;
import org.junit.jupiter.api.Test;

class SinkBatchTest {

    @Test
    void everyKindIsGroupedAndDroppedWithTheForgottenStudentItNames() {
        for (EventKind kind : EventKind.values()) {
            String student = id();
            SpecificRecord record = TestRecords.of(kind, id(), student, T0);

            SinkBatch batch = SinkBatch.of(List.of(record));

            assertThat(batch.size()).as(kind.name()).isEqualTo(1);
            boolean namesStudent = kind.studentId(record).isPresent();
            assertThat(batch.studentIds()).as(kind.name()).isEqualTo(namesStudent ? Set.of(student) : Set.of());
            assertThat(batch.withoutStudents(Set.of(student)).size())
                    .as(kind + " less the forgotten student")
                    .isEqualTo(namesStudent ? 0 : 1);
            assertThat(StudentEvent.of(record).isPresent())
                    .as(kind + " is a student's event, checked against the roster")
                    .isEqualTo(kind.family() == EventKind.Family.EVENT && namesStudent);
        }
    }

    @Test
    void groupsRecordsByKindKeepingTheirOrder() {
        var a1 = analytics(id());
        var p1 = progress(id(), id(), 1, T0);
        var a2 = analytics(id());
        var f1 = feedback(id());
        var fac = facilitator(id(), "f@example.org", T0);
        var cls = classroom(id(), id(), T0);
        var stu = student(id(), id(), T0);

        SinkBatch batch = SinkBatch.of(List.of(a1, p1, stu, a2, cls, f1, fac));

        assertThat(batch.analytics()).containsExactly(a1, a2);
        assertThat(batch.progress()).containsExactly(p1);
        assertThat(batch.feedback()).containsExactly(f1);
        assertThat(batch.facilitators()).containsExactly(fac);
        assertThat(batch.classrooms()).containsExactly(cls);
        assertThat(batch.students()).containsExactly(stu);
        assertThat(batch.size()).isEqualTo(7);
    }

    @Test
    void withoutStudentsDropsEveryKindNamingAForgottenStudentAndKeepsTheRest() {
        String forgotten = id();
        String kept = id();
        var mine = analytics(id());
        mine.setStudentId(forgotten.toUpperCase(Locale.ROOT)); // any case: ids are compared canonical
        var anonymous = analytics(id());
        anonymous.setStudentId(null);
        var theirs = analytics(id());
        theirs.setStudentId(kept);
        var myProgress = progress(id(), forgotten, 1, T0);
        var myFeedback = feedback(id());
        myFeedback.setStudentId(forgotten);
        var myRoster = student(forgotten, id(), T0);
        var cls = classroom(id(), id(), T0);
        SinkBatch batch = SinkBatch.of(List.of(mine, anonymous, theirs, myProgress, myFeedback, myRoster, cls));

        assertThat(batch.studentIds()).containsExactlyInAnyOrder(forgotten, kept);
        SinkBatch left = batch.withoutStudents(Set.of(forgotten));

        assertThat(left.analytics()).containsExactly(anonymous, theirs);
        assertThat(left.progress()).isEmpty();
        assertThat(left.feedback()).isEmpty();
        assertThat(left.students()).isEmpty();
        assertThat(left.classrooms()).containsExactly(cls);
        assertThat(batch.withoutStudents(Set.of())).isSameAs(batch);
    }
}
