package org.heroes.analytics.store.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.facilitator;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;

import java.util.List;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.store.sink.LatestWins.Winner;
import org.junit.jupiter.api.Test;

class LatestWinsTest {

    private final String classroom = id();
    private final String student = id();

    @Test
    void latestOccurredAtWinsPerStudentAndLessonWhateverTheOrder() {
        ProgressEvent newest = progress(classroom, student, 1, T0.plusSeconds(60));
        ProgressEvent oldest = progress(classroom, student, 1, T0);
        ProgressEvent otherLesson = progress(classroom, student, 2, T0);

        List<ProgressEvent> rows = ProgressWriter.latestPerStudentLesson(List.of(newest, oldest, otherLesson));

        assertThat(rows).containsExactly(newest, otherLesson);
    }

    @Test
    void equalInstantsAreBrokenByTheGreaterEventIdInEitherOrder() {
        ProgressEvent low = ProgressEvent.newBuilder(progress(classroom, student, 1, T0))
                .setEventId("00000000-0000-4000-8000-000000000001")
                .build();
        ProgressEvent high = ProgressEvent.newBuilder(progress(classroom, student, 1, T0))
                .setEventId("F0000000-0000-4000-8000-000000000001")
                .build();

        assertThat(ProgressWriter.latestPerStudentLesson(List.of(low, high))).containsExactly(high);
        assertThat(ProgressWriter.latestPerStudentLesson(List.of(high, low))).containsExactly(high);
    }

    @Test
    void sameStudentIdInAnotherLetterCaseIsTheSameKey() {
        ProgressEvent lower = progress(classroom, student.toLowerCase(), 1, T0);
        ProgressEvent upper = progress(classroom, student.toUpperCase(), 1, T0.plusMillis(1));

        assertThat(ProgressWriter.latestPerStudentLesson(List.of(lower, upper))).containsExactly(upper);
    }

    @Test
    void rosterKeepsLatestRecordAndEarliestInstantAndOnATieTheEarlierRecord() {
        String facilitatorId = id();
        FacilitatorRecord middle = facilitator(facilitatorId, "a@example.org", T0.plusSeconds(10));
        FacilitatorRecord first = facilitator(facilitatorId, "b@example.org", T0);
        FacilitatorRecord latest = facilitator(facilitatorId, "c@example.org", T0.plusSeconds(20));
        FacilitatorRecord tie = facilitator(facilitatorId, "d@example.org", T0.plusSeconds(20));

        List<Winner<FacilitatorRecord>> winners = RosterUpserts.latestPerEntity(
                List.of(middle, first, latest, tie),
                FacilitatorRecord::getFacilitatorId,
                FacilitatorRecord::getOccurredAt);

        assertThat(winners).singleElement().satisfies(w -> {
            assertThat(w.record()).isSameAs(latest);
            assertThat(w.earliestOccurredAt()).isEqualTo(T0);
        });
    }
}
