package org.heroes.analytics.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SchoolTermTest {

    private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-26T00:00:00Z");

    private final SchoolTerm term = SchoolTerm.generate(7, 11, 6, 5, 25, START, END);

    @Test
    void theDefaultTermHasAtLeastOneHundredThousandEvents() {
        assertThat(term.eventCount()).isGreaterThanOrEqualTo(100_000);
    }

    @Test
    void theSameSeedMakesTheSameTerm() {
        SchoolTerm again = SchoolTerm.generate(7, 11, 6, 5, 25, START, END);

        assertThat(again.eventsByClassroom()).isEqualTo(term.eventsByClassroom());
        assertThat(again.roster()).isEqualTo(term.roster());
    }

    @Test
    void anotherRunKeepsTheFacilitatorsButMakesNewClassroomsAndEvents() {
        SchoolTerm other = SchoolTerm.generate(7, 12, 6, 5, 25, START, END);

        assertThat(other.classrooms().get(0).facilitatorId())
                .isEqualTo(term.classrooms().get(0).facilitatorId());
        assertThat(other.classrooms().get(0).id())
                .isNotEqualTo(term.classrooms().get(0).id());
        assertThat(other.eventsByClassroom().keySet())
                .doesNotContainAnyElementsOf(term.eventsByClassroom().keySet());
    }

    @Test
    void everyEventLiesInsideTheTermAndHasAUniqueId() {
        List<Map<String, Object>> events =
                term.eventsByClassroom().values().stream().flatMap(List::stream).toList();

        assertThat(events)
                .allSatisfy(e ->
                        assertThat(Instant.parse((String) e.get("occurredAt"))).isBetween(START, END));
        assertThat(events.stream().map(e -> e.get("eventId")).distinct().count())
                .isEqualTo(events.size());
    }

    @Test
    void expectedAnalyticsCountsMatchTheEventsMade() {
        for (Map.Entry<UUID, List<Map<String, Object>>> classroom :
                term.eventsByClassroom().entrySet()) {
            long analytics = classroom.getValue().stream()
                    .filter(e -> Objects.equals(e.get("kind"), "analytics"))
                    .count();
            assertThat(term.expected().analyticsCount(classroom.getKey())).isEqualTo(analytics);
            assertThat(term.expected().studentCount(classroom.getKey())).isEqualTo(25);
        }
    }

    @Test
    void theRosterNamesNoStudent() {
        assertThat(term.roster())
                .filteredOn(r -> "student".equals(r.get("kind")))
                .allSatisfy(r -> assertThat(r)
                        .containsOnlyKeys(
                                "kind", "eventId", "occurredAt", "studentId", "classroomId", "anonymousId", "active"));
    }
}
