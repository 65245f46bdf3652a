package org.heroes.analytics.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
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
    void everyEventHappensInsideTheTermAndHasAUniqueId() {
        assertThat(term.from()).isEqualTo(END.minus(SchoolTerm.OFFLINE));
        for (SchoolTerm.Tablet tablet : term.tablets()) {
            Instant from = tablet.offline() ? term.from() : START;
            assertThat(tablet.events())
                    .allSatisfy(e -> assertThat(happened(tablet, e)).isBetween(from, END));
        }
        List<Map<String, Object>> events =
                term.eventsByClassroom().values().stream().flatMap(List::stream).toList();
        assertThat(events.stream().map(e -> e.get("eventId")).distinct().count())
                .isEqualTo(events.size());
    }

    @Test
    void aClassroomOfflineForTenDaysRecordsOverThoseDaysAndIsSentAfterEveryOther() {
        SchoolTerm.Classroom offline = term.clients().offline();
        List<SchoolTerm.Tablet> tablets = term.tablets();

        assertThat(tablets)
                .filteredOn(SchoolTerm.Tablet::offline)
                .isNotEmpty()
                .allSatisfy(t -> assertThat(t.classroomId()).isEqualTo(offline.id()));
        int firstOffline = tablets.indexOf(
                tablets.stream().filter(SchoolTerm.Tablet::offline).findFirst().orElseThrow());
        assertThat(tablets.subList(firstOffline, tablets.size())).allMatch(SchoolTerm.Tablet::offline);
        List<Instant> times = term.eventsByClassroom().get(offline.id()).stream()
                .map(e -> Instant.parse((String) e.get("occurredAt")))
                .sorted()
                .toList();
        // older than the 7-day live window that used to reject them, and spread over the ten days
        assertThat(times.get(0)).isBefore(END.minus(Duration.ofDays(9)));
        assertThat(times.get(times.size() - 1)).isAfter(END.minus(Duration.ofDays(1)));
        assertThat(term.clients().offlineEvents()).isEqualTo(times.size());
    }

    @Test
    void oneTabletOfTheNewerAppAddsAFieldTheServiceDoesNotKnowToEachOfItsEvents() {
        List<Map<String, Object>> withField = term.eventsByClassroom().values().stream()
                .flatMap(List::stream)
                .filter(e -> e.containsKey(SchoolTerm.NEWER_APP_FIELD))
                .toList();

        assertThat(withField).isNotEmpty();
        assertThat(withField.stream().map(e -> e.get("studentId")).distinct()).hasSize(1);
        assertThat(withField)
                .allSatisfy(e -> assertThat(e.get("classroomId"))
                        .isEqualTo(term.clients().newerApp().id().toString()));
        assertThat(term.clients().newerAppEvents()).isEqualTo(withField.size());
    }

    @Test
    void oneTabletsClockIsThreeHoursFastAndTheExpectedHoursAreWhenItsEventsHappened() {
        List<SchoolTerm.Tablet> fast =
                term.tablets().stream().filter(t -> !t.clockAhead().isZero()).toList();

        assertThat(fast).singleElement().satisfies(t -> {
            assertThat(t.clockAhead()).isEqualTo(Duration.ofHours(3));
            assertThat(t.classroomId()).isEqualTo(term.clients().fastClock().id());
            assertThat(t.events().stream().map(e -> e.get("studentId")).distinct())
                    .hasSize(1);
            assertThat(t.events()).hasSize((int) term.clients().fastClockEvents());
            // it happened on a whole minute, so the correction's transit time never moves it out of its hour
            assertThat(t.events())
                    .allSatisfy(e ->
                            assertThat(happened(t, e)).isEqualTo(happened(t, e).truncatedTo(ChronoUnit.MINUTES)));
        });
        UUID classroom = fast.get(0).classroomId();
        Map<Instant, Long> hours = new TreeMap<>();
        for (SchoolTerm.Tablet tablet : term.tablets()) {
            if (tablet.classroomId().equals(classroom)) {
                tablet.events().stream()
                        .filter(e -> "analytics".equals(e.get("kind")))
                        .forEach(e -> hours.merge(happened(tablet, e).truncatedTo(ChronoUnit.HOURS), 1L, Long::sum));
            }
        }
        assertThat(term.expected().hourly(classroom)).isEqualTo(hours);
    }

    @Test
    void theClassroomsAreInThreeZonesOneOfThemHalfAnHourOffTheHourAndTheRosterNamesThem() {
        assertThat(term.classrooms().stream().map(SchoolTerm.Classroom::zone).distinct())
                .containsExactlyInAnyOrder(ZoneId.of("UTC"), ZoneId.of("America/New_York"), ZoneId.of("Asia/Kolkata"));
        assertThat(term.classrooms().stream()
                        .filter(c -> c.facilitatorId()
                                .equals(term.classrooms().get(0).facilitatorId()))
                        .map(SchoolTerm.Classroom::zone)
                        .distinct())
                .hasSize(3);
        Map<String, String> zoneOfClassroom = term.classrooms().stream()
                .collect(Collectors.toMap(c -> c.id().toString(), c -> c.zone().getId()));
        assertThat(term.roster())
                .filteredOn(r -> "classroom".equals(r.get("kind")))
                .hasSize(30)
                .allSatisfy(r -> assertThat(r.get("timeZone")).isEqualTo(zoneOfClassroom.get(r.get("classroomId"))));
    }

    @Test
    void theExpectedDaysOfAKolkataClassroomStartAtItsLocalMidnight() {
        SchoolTerm.Classroom kolkata = term.classrooms().stream()
                .filter(c -> c.zone().getId().equals("Asia/Kolkata"))
                .findFirst()
                .orElseThrow();

        Map<Instant, Long> days = term.expected().daily(kolkata.id(), kolkata.zone());

        assertThat(days.keySet()).allSatisfy(day -> assertThat(day.toString()).endsWith("T18:30:00Z"));
        assertThat(days.values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(term.expected().analyticsCount(kolkata.id()));
    }

    /** When the event truly happened: what its tablet's clock said, less how far that clock is ahead. */
    private static Instant happened(SchoolTerm.Tablet tablet, Map<String, Object> event) {
        return Instant.parse((String) event.get("occurredAt")).minus(tablet.clockAhead());
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
