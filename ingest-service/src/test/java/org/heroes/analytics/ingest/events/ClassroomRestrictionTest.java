package org.heroes.analytics.ingest.events;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.heroes.analytics.eventsjson.MappedBatch;
import org.junit.jupiter.api.Test;

class ClassroomRestrictionTest {

    static final String MINE = "5f0c2a9e-3b1d-4e8f-a7c6-9d8e7f6a5b4c";
    static final String OTHER = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

    static MappedBatch naming(String... classroomIds) {
        return new MappedBatch(List.of(), List.of(), Set.of(classroomIds));
    }

    @Test
    void clientTokenMayWriteItsOwnClassroom() {
        assertThatCode(() -> ClassroomRestriction.only(MINE.toUpperCase()).check(naming(MINE)))
                .doesNotThrowAnyException();
    }

    @Test
    void anyEventOfAnotherClassroomRefusesTheBatch() {
        assertThatThrownBy(() -> ClassroomRestriction.only(MINE).check(naming(MINE, OTHER)))
                .isInstanceOf(ForeignClassroomException.class)
                .hasMessageContaining(OTHER);
    }

    @Test
    void serviceTokenMayWriteAnyClassroom() {
        assertThatCode(() -> ClassroomRestriction.none().check(naming(MINE, OTHER)))
                .doesNotThrowAnyException();
    }
}
