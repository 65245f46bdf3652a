package org.heroes.analytics.store.forget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.id;

import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.testsupport.TestRecords;
import org.junit.jupiter.api.Test;

class StudentForgetterTest {

    @Test
    void everyKindWhoseRecordsNameAStudentHasItsTableDeletedByAForget() {
        for (EventKind kind : EventKind.values()) {
            SpecificRecord record = TestRecords.of(kind, id(), id(), T0);

            assertThat(StudentForgetter.deleteOf(kind).isPresent())
                    .as(kind + " names a student, so a forget deletes its rows")
                    .isEqualTo(kind.studentId(record).isPresent());
            StudentForgetter.deleteOf(kind)
                    .ifPresent(delete ->
                            assertThat(StudentForgetter.DELETES).containsEntry(delete.getKey(), delete.getValue()));
        }
        assertThat(StudentForgetter.DELETES)
                .containsKeys("pending_student_events")
                .hasSize(5);
    }
}
