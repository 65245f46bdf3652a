package org.heroes.analytics.cli.term;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checker against a stand-in of the query API that answers from the term's own events (day buckets from the
 * classroom's local midnights, its zone in {@code X-Time-Zone}): it passes when the service corrected the fast
 * tablet's clock, and names the hours that differ when the service counted its events at the times its clock stamped
 * on them.
 */
class QueryCheckerTest {

    private static final Instant END = Instant.parse("2026-12-07T12:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SchoolTerm term = SchoolTerm.generate(7, 11, 1, 3, 5, END.minus(Duration.ofDays(6)), END);
    private final SchoolTerm.Classroom fastClassroom = term.clients().fastClock();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void aFastTabletsEventsCountedAtTheirCorrectedTimesAreExact() throws Exception {
        QueryChecker checker = checkerOf(queryApi(TabletEvent::happened));

        QueryChecker.ClassroomView view = checker.view(fastClassroom, "token", term.expected());

        assertThat(view.mismatches()).isEmpty();
        assertThat(view.analyticsEvents()).isEqualTo(term.expected().analyticsCount(fastClassroom.id()));
    }

    @Test
    void aFastTabletsEventsCountedAtTheTimesItsClockStampedDiffer() throws Exception {
        QueryChecker checker = checkerOf(queryApi(TabletEvent::stamped));

        QueryChecker.ClassroomView view = checker.view(fastClassroom, "token", term.expected());

        assertThat(view.mismatches()).anySatisfy(m -> assertThat(m).startsWith("hour buckets (UTC): "));
    }

    /**
     * Before the aggregator has stored the roster, the classroom is not among the facilitator's classrooms and its reads
     * answer 404: not landed yet, to be asked again, never the end of the run (a slow aggregator, e.g. one just started
     * on a Citus cluster, made simulate-term fail with "query API answered 404" instead of waiting).
     */
    @Test
    void aClassroomNotYetOnTheRosterHasNotLandedYet() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            if (exchange.getRequestURI().getPath().equals("/v1/classrooms")) {
                answer(exchange, List.of());
            } else {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
            }
        });
        server.start();
        QueryChecker checker =
                checkerOf(URI.create("http://127.0.0.1:" + server.getAddress().getPort()));

        QueryChecker.ClassroomView view = checker.view(fastClassroom, "token", term.expected());

        assertThat(view.analyticsEvents()).isZero();
        assertThat(view.mismatches()).containsExactly("not among the facilitator's classrooms yet");
    }

    private QueryChecker checkerOf(URI queryUrl) {
        return new QueryChecker(new HttpJson(), queryUrl, term.from(), END.plusSeconds(1));
    }

    /** The query API's three reads of the fast classroom, the time series from each event's time as {@code timeOf}. */
    private URI queryApi(Function<TabletEvent, Instant> timeOf) throws IOException {
        List<Instant> times = new ArrayList<>();
        for (SchoolTerm.Tablet tablet : term.tablets()) {
            if (tablet.classroomId().equals(fastClassroom.id())) {
                tablet.events().stream()
                        .filter(e -> "analytics".equals(e.get("kind")))
                        .forEach(e -> times.add(timeOf.apply(new TabletEvent(tablet, e))));
            }
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            if (path.equals("/v1/classrooms")) {
                answer(
                        exchange,
                        List.of(Map.of(
                                "id", fastClassroom.id().toString(),
                                "studentCount", term.expected().studentCount(fastClassroom.id()),
                                "activeStudents", term.expected().activeStudentCount(fastClassroom.id()))));
            } else if (path.endsWith("/analytics")) {
                answer(exchange, groups());
            } else if (query.contains("bucket=hour")) {
                answer(exchange, series(times, t -> t.truncatedTo(ChronoUnit.HOURS)));
            } else {
                ZoneId zone = fastClassroom.zone();
                answer(
                        exchange,
                        series(
                                times,
                                t -> t.atZone(zone)
                                        .toLocalDate()
                                        .atStartOfDay(zone)
                                        .toInstant()));
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private List<Map<String, Object>> groups() {
        List<Map<String, Object>> groups = new ArrayList<>();
        term.expected().analyticsOf(fastClassroom.id()).forEach((key, group) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("eventType", key.substring(0, key.indexOf('/')));
            row.put("eventCategory", key.substring(key.indexOf('/') + 1));
            row.put("eventCount", group.count);
            int students = group.valueStudents.size();
            boolean suppressed = students > 0 && students < QueryChecker.MIN_STUDENTS;
            row.put("avgValue", suppressed ? null : group.average());
            row.put("avgValueSuppressed", suppressed);
            groups.add(row);
        });
        return groups;
    }

    private static List<Map<String, Object>> series(List<Instant> times, Function<Instant, Instant> bucketOf) {
        Map<Instant, Long> counts = new TreeMap<>();
        times.forEach(t -> counts.merge(bucketOf.apply(t), 1L, Long::sum));
        List<Map<String, Object>> points = new ArrayList<>();
        counts.forEach((bucket, count) -> points.add(Map.of("bucketStart", bucket.toString(), "eventCount", count)));
        return points;
    }

    private void answer(HttpExchange exchange, Object body) throws IOException {
        ZoneId zone = fastClassroom.zone();
        byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("X-Time-Zone", zone.getId());
        exchange.sendResponseHeaders(200, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** An event of a tablet: when it happened, and what its tablet's clock stamped on it. */
    private record TabletEvent(SchoolTerm.Tablet tablet, Map<String, Object> event) {

        Instant stamped() {
            return Instant.parse((String) event.get("occurredAt"));
        }

        Instant happened() {
            return stamped().minus(tablet.clockAhead());
        }
    }
}
