package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Issue 18, "Clients lose nothing", through the three running services: late events (a tablet offline for weeks)
 * land and count in their own hours, fields the service does not know are dropped and named but never cost the
 * event nor reach a table, a tablet's wrong clock is corrected by the batch's {@code sentAt}, and
 * {@code X-Data-As-Of} behaves as the query API documents when late data arrives (docs/adr/0024).
 */
class ClientsLoseNothingIT {

    private static final Duration LANDING = Duration.ofSeconds(60);
    private static final String DATA_AS_OF = "X-Data-As-Of";

    private static RunningServices services;
    private static TokenIssuer tokens;
    private static JdbcTemplate superuser;
    private static final Http http = new Http();

    private final UUID facilitator = UUID.randomUUID();
    private final UUID classroom = UUID.randomUUID();
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeAll
    static void startServices() {
        HeroesInfrastructure infrastructure = HeroesInfrastructure.get();
        services = RunningServices.start(infrastructure);
        tokens = infrastructure.tokens();
        superuser = new JdbcTemplate(infrastructure.dataSource(DbRole.SUPERUSER));
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @BeforeEach
    void roster() {
        Instant at = now.minus(Duration.ofDays(399));
        Http.Answer answer = http.post(
                services.ingest().resolve("/v1/roster"),
                tokens.serviceToken(Duration.ofMinutes(5)),
                Map.of(
                        "records",
                        List.of(
                                Map.of(
                                        "kind",
                                        "facilitator",
                                        "eventId",
                                        id(),
                                        "occurredAt",
                                        at.toString(),
                                        "facilitatorId",
                                        facilitator.toString(),
                                        "email",
                                        "late@school.example",
                                        "organization",
                                        "District"),
                                Map.of(
                                        "kind", "classroom",
                                        "eventId", id(),
                                        "occurredAt", at.toString(),
                                        "classroomId", classroom.toString(),
                                        "facilitatorId", facilitator.toString(),
                                        "name", "Offline class",
                                        "classroomCode", "LATE-1"))));
        assertThat(answer.status()).as("roster answer %s", answer.body()).isEqualTo(202);
    }

    @Test
    void
            eventsThirtyOneHundredTwentyAndThreeHundredDaysOldCountInTheirOwnHoursAndOnlyOneBeyondTheRetentionAgeIsRejected() {
        List<Instant> late = List.of(
                now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(120)), now.minus(Duration.ofDays(300)));
        List<Map<String, Object>> events = new ArrayList<>();
        late.forEach(at -> events.add(analytics("synced_late", "offline", at)));
        events.add(analytics("synced_late", "offline", now.minus(Duration.ofDays(401))));

        Http.Answer answer = postEvents(null, events);

        assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(202);
        assertThat(answer.body().path("accepted").asInt()).isEqualTo(3);
        JsonNode rejected = answer.body().path("rejected");
        assertThat(rejected).hasSize(1);
        assertThat(rejected.get(0).path("index").asInt()).isEqualTo(3);
        assertThat(rejected.get(0).path("errors").get(0).asString())
                .as("the reason names the horizon: its age and its instant")
                .startsWith("occurredAt: ")
                .contains("retention horizon", "400 days")
                .containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d");
        for (Instant at : late) {
            Instant hour = at.truncatedTo(ChronoUnit.HOURS);
            await("the event of %s counted in its own hour".formatted(at))
                    .atMost(LANDING)
                    .untilAsserted(() -> assertThat(hourCounts(hour, hour.plus(Duration.ofHours(1)), facilitator))
                            .containsExactly(Map.entry(hour, 1L)));
            assertThat(analytics(hour.minus(Duration.ofDays(1)), hour.plus(Duration.ofDays(1))))
                    .containsExactly(List.of("synced_late", "offline", 1L));
            assertThat(partitionOf(at))
                    .as("the row of %s is in its month's partition, not the default", at)
                    .isEqualTo("analytics_events_p"
                            + YearMonth.from(at.atZone(ZoneOffset.UTC)).format(DateTimeFormatter.ofPattern("yyyyMM")));
        }
    }

    @Test
    void anEventWithTwoUnknownFieldsIsAcceptedCountedAndNamedAndItsUnknownValuesAreInNoTable() {
        String model = "model-" + UUID.randomUUID();
        String nickname = "nick-" + UUID.randomUUID();
        Instant at = now.minus(Duration.ofHours(1));
        Map<String, Object> newerApp = analytics("lesson_opened", "navigation", at);
        newerApp.put("deviceModel", model);
        newerApp.put("childNickname", nickname);
        Map<String, Object> invalidKnownField = analytics("Not A Type!", "navigation", at);
        invalidKnownField.put("deviceModel", model);

        Http.Answer answer = postEvents(null, List.of(newerApp, invalidKnownField));

        assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(202);
        assertThat(answer.body().path("accepted").asInt()).isEqualTo(1);
        JsonNode warnings = answer.body().path("warnings");
        assertThat(warnings).as("warnings %s", warnings).hasSize(1);
        assertThat(warnings.get(0).path("index").asInt()).isZero();
        assertThat(warnings.get(0).path("eventId").asString()).isEqualTo(newerApp.get("eventId"));
        assertThat(texts(warnings.get(0).path("warnings")))
                .containsExactlyInAnyOrder(
                        "deviceModel: is not a field of analytics; dropped",
                        "childNickname: is not a field of analytics; dropped");
        assertThat(answer.body().path("rejected")).hasSize(1);
        assertThat(texts(answer.body().path("rejected").get(0).path("errors")))
                .as("a known field with an invalid value still rejects its event")
                .singleElement()
                .asString()
                .startsWith("eventType: ");

        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        await("the event counted")
                .atMost(LANDING)
                .untilAsserted(() -> assertThat(hourCounts(hour, hour.plus(Duration.ofHours(1)), facilitator))
                        .containsExactly(Map.entry(hour, 1L)));
        List<String> tables = superuser.queryForList(
                "SELECT format('%I.%I', schemaname, tablename) FROM pg_tables WHERE schemaname = 'public'",
                String.class);
        assertThat(tables).contains("public.analytics_events_default", "public.pending_student_events");
        for (String table : tables) {
            for (String value : List.of(model, nickname)) {
                assertThat(superuser.queryForObject(
                                "SELECT count(*) FROM " + table + " t WHERE t::text LIKE ?",
                                Long.class,
                                "%" + value + "%"))
                        .as("rows of %s holding an unknown field's value", table)
                        .isZero();
            }
        }
        String metrics = http.text(services.ingest().resolve("/actuator/prometheus"));
        assertThat(metrics)
                .containsPattern("ingest_unknown_fields_total\\{[^}]*field=\"deviceModel\"[^}]*kind=\"analytics\"")
                .containsPattern("ingest_unknown_fields_total\\{[^}]*field=\"childNickname\"[^}]*kind=\"analytics\"");
    }

    @Test
    void tabletsThreeHoursFastOrSlowLandTheirEventsAtTheCorrectedTime() {
        Instant real =
                now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2)).plus(Duration.ofMinutes(20));
        Map<String, Object> fast = analytics("fast_clock", "skew", real.plus(Duration.ofHours(3)));
        Map<String, Object> slow = analytics("slow_clock", "skew", real.minus(Duration.ofHours(3)));

        Http.Answer fastAnswer = postEvents(Instant.now().plus(Duration.ofHours(3)), List.of(fast));
        Http.Answer slowAnswer = postEvents(Instant.now().minus(Duration.ofHours(3)), List.of(slow));

        assertThat(fastAnswer.status()).as("answer %s", fastAnswer.body()).isEqualTo(202);
        assertThat(slowAnswer.status()).as("answer %s", slowAnswer.body()).isEqualTo(202);
        assertThat(Duration.parse(fastAnswer.body().path("clockCorrection").asString()))
                .isBetween(Duration.ofHours(-3), Duration.ofHours(-3).plusMinutes(1));
        assertThat(Duration.parse(slowAnswer.body().path("clockCorrection").asString()))
                .isBetween(Duration.ofHours(3), Duration.ofHours(3).plusMinutes(1));
        Instant hour = real.truncatedTo(ChronoUnit.HOURS);
        await("both events counted in the hour they happened in")
                .atMost(LANDING)
                .untilAsserted(() -> assertThat(analytics(hour, hour.plus(Duration.ofHours(1))))
                        .containsExactlyInAnyOrder(
                                List.of("fast_clock", "skew", 1L), List.of("slow_clock", "skew", 1L)));
        for (Map<String, Object> event : List.of(fast, slow)) {
            Instant stored = superuser
                    .queryForObject(
                            "SELECT \"timestamp\" FROM analytics_events WHERE event_id = ?::uuid",
                            java.sql.Timestamp.class,
                            event.get("eventId"))
                    .toInstant();
            assertThat(stored)
                    .as("%s stored at the real time, give or take the request's transit", event.get("eventType"))
                    .isBetween(real, real.plus(Duration.ofMinutes(1)));
        }
    }

    @Test
    void aClockFurtherOffThanTheRetentionAgeRejectsTheBatchNamingSentAt() {
        Instant sentAt = Instant.now().minus(Duration.ofDays(500));
        Map<String, Object> event = analytics("stale_clock", "skew", sentAt.minus(Duration.ofMinutes(5)));

        Http.Answer answer = postEvents(sentAt, List.of(event));

        assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(400);
        assertThat(texts(answer.body().path("rejected").get(0).path("errors")))
                .singleElement()
                .asString()
                .startsWith("sentAt: ")
                .contains("400 days");
    }

    @Test
    void dataAsOfIsTheNewestEventCountedAndALateEventChangesItsOldHourButNotTheHeader() {
        Instant newest = now.minus(Duration.ofHours(1));
        Instant lateAt = now.minus(Duration.ofDays(30));
        Instant from = lateAt.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        Instant to = now.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        postAccepted(List.of(
                analytics("lesson_opened", "navigation", newest),
                analytics("lesson_opened", "navigation", newest.minus(Duration.ofHours(1)))));
        await("the first events counted")
                .atMost(LANDING)
                .untilAsserted(
                        () -> assertThat(hourCounts(from, to, facilitator)).hasSize(2));
        assertThat(dataAsOfOfEveryEndpoint(from, to)).containsOnly(newest);
        Instant lateHour = lateAt.truncatedTo(ChronoUnit.HOURS);
        assertThat(hourCounts(from, to, facilitator)).doesNotContainKey(lateHour);

        postAccepted(List.of(analytics("lesson_opened", "navigation", lateAt)));

        await("the late event counted in its own hour, 30 days back")
                .atMost(LANDING)
                .untilAsserted(() -> assertThat(hourCounts(from, to, facilitator))
                        .containsEntry(lateHour, 1L)
                        .hasSize(3));
        assertThat(dataAsOfOfEveryEndpoint(from, to))
                .as("a late event older than the newest counted one leaves the header where it was")
                .containsOnly(newest);
    }

    /** The header of the list and of each per-classroom endpoint. */
    private List<Instant> dataAsOfOfEveryEndpoint(Instant from, Instant to) {
        String base = "/v1/classrooms/" + classroom;
        String range = "?from=" + from + "&to=" + to;
        List<Instant> headers = new ArrayList<>();
        for (String path : List.of(
                "/v1/classrooms",
                base + "/analytics" + range,
                base + "/analytics/timeseries" + range + "&bucket=hour",
                base + "/progress",
                base + "/feedback" + range)) {
            Http.Answer answer = get(path);
            assertThat(answer.status()).as("GET %s: %s", path, answer.body()).isEqualTo(200);
            headers.add(Instant.parse(answer.headers()
                    .firstValue(DATA_AS_OF)
                    .orElseThrow(() -> new AssertionError("no " + DATA_AS_OF + " on " + path))));
        }
        return headers;
    }

    private Map<Instant, Long> hourCounts(Instant from, Instant to, UUID asFacilitator) {
        Http.Answer answer = http.get(
                services.query()
                        .resolve("/v1/classrooms/%s/analytics/timeseries?from=%s&to=%s&bucket=hour"
                                .formatted(classroom, from, to)),
                tokens.facilitatorToken(asFacilitator, Duration.ofMinutes(5)));
        assertThat(answer.status()).as("timeseries %s", answer.body()).isEqualTo(200);
        Map<Instant, Long> counts = new LinkedHashMap<>();
        for (JsonNode bucket : answer.body()) {
            counts.put(
                    Instant.parse(bucket.path("bucketStart").asString()),
                    bucket.path("eventCount").asLong());
        }
        return counts;
    }

    private List<List<Object>> analytics(Instant from, Instant to) {
        Http.Answer answer = get("/v1/classrooms/%s/analytics?from=%s&to=%s".formatted(classroom, from, to));
        assertThat(answer.status()).as("analytics %s", answer.body()).isEqualTo(200);
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode row : answer.body()) {
            rows.add(List.of(
                    row.path("eventType").asString(),
                    row.path("eventCategory").asString(),
                    row.path("eventCount").asLong()));
        }
        return rows;
    }

    private String partitionOf(Instant at) {
        return superuser.queryForObject("""
                SELECT tableoid::regclass::text FROM analytics_events
                WHERE classroom_id = ?::uuid AND "timestamp" = ?
                """, String.class, classroom.toString(), java.sql.Timestamp.from(at));
    }

    private Http.Answer get(String path) {
        return http.get(services.query().resolve(path), tokens.facilitatorToken(facilitator, Duration.ofMinutes(5)));
    }

    private void postAccepted(List<Map<String, Object>> events) {
        Http.Answer answer = postEvents(null, events);
        assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(202);
        assertThat(answer.body().path("accepted").asInt()).isEqualTo(events.size());
    }

    /** Posts as the classroom's tablet, with {@code sentAt} (its own clock at sending) unless null. */
    private Http.Answer postEvents(Instant sentAt, List<Map<String, Object>> events) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (sentAt != null) {
            body.put("sentAt", sentAt.toString());
        }
        body.put("events", events);
        URI uri = services.ingest().resolve("/v1/events");
        return http.post(uri, tokens.clientToken(classroom, Duration.ofMinutes(5)), body);
    }

    /** A classroom-level analytics event (no student, so no roster check holds it). */
    private Map<String, Object> analytics(String type, String category, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("kind", "analytics");
        event.put("eventId", id());
        event.put("classroomId", classroom.toString());
        event.put("occurredAt", at.toString());
        event.put("eventType", type);
        event.put("eventCategory", category);
        return event;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asString()));
        return texts;
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }
}
