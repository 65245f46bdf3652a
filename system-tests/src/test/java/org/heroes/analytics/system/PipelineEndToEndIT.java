package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.NetworkAddresses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.JsonNode;

/**
 * Events posted over real HTTP to ingest-service travel through Kafka, aggregator-service, PgBouncer and
 * PostgreSQL, and come back out of query-service exactly.
 */
class PipelineEndToEndIT {

    private static final Duration LANDING = Duration.ofSeconds(60);
    private static final List<String> READABLE_TABLES = List.of(
            "facilitators",
            "classrooms",
            "students",
            "student_progress",
            "analytics_events",
            "student_feedback",
            "analytics_hourly_rollup",
            "progress_rollup",
            "feedback_hourly_rollup",
            "classroom_rollup",
            "classroom_watermarks");

    private static RunningServices services;
    private static TokenIssuer tokens;
    private static final Http http = new Http();

    private final UUID facilitator = UUID.randomUUID();
    private final UUID otherFacilitator = UUID.randomUUID();
    private final UUID classroom = UUID.randomUUID();
    private final UUID otherClassroom = UUID.randomUUID();
    private final List<UUID> students =
            List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
    private final Instant from = Instant.now().minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    private final Instant to = from.plus(1, ChronoUnit.HOURS);

    @BeforeAll
    static void startServices() {
        HeroesInfrastructure infrastructure = HeroesInfrastructure.get();
        services = RunningServices.start(infrastructure);
        tokens = infrastructure.tokens();
    }

    @AfterAll
    static void stopServices() {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void eventsPostedOverHttpAreReadBackExactlyFromTheQueryApi() {
        postRoster();
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(analytics("quiz_answered", "assessment", 1.0, from.plusSeconds(10)));
        events.add(analytics("quiz_answered", "assessment", 0.0, from.plusSeconds(20)));
        events.add(analytics("quiz_answered", "assessment", 1.0, from.plusSeconds(30)));
        events.add(analytics("lesson_opened", "navigation", null, from.plusSeconds(40)));
        events.add(analytics("lesson_opened", "navigation", null, from));
        events.add(analytics("lesson_opened", "navigation", null, from.minusMillis(1)));
        events.add(analytics("lesson_opened", "navigation", null, to));
        events.add(progress(students.get(0), 1, "completed", from.plusSeconds(50)));
        events.add(progress(students.get(1), 1, "in_progress", from.plusSeconds(50)));
        events.add(progress(students.get(2), 2, "completed", from.plusSeconds(50)));

        postEvents(events);

        await("analytics of the classroom as its facilitator")
                .atMost(LANDING)
                .untilAsserted(() -> assertThat(analytics(classroom, facilitator))
                        .containsExactly(
                                List.of("quiz_answered", "assessment", 3L, 2.0 / 3.0),
                                listOf("lesson_opened", "navigation", 2L, null)));
        await("classroom counts as its facilitator").atMost(LANDING).untilAsserted(() -> {
            JsonNode row = classroomRow(facilitator, classroom);
            assertThat(row.path("studentCount").asInt()).isEqualTo(4);
            assertThat(row.path("activeStudents").asInt()).isEqualTo(2);
            assertThat(row.path("classroomCode").asString()).isEqualTo("CODE-1");
        });
        assertThat(http.get(analyticsUri(otherClassroom), facilitatorToken(facilitator))
                        .status())
                .as("another facilitator's classroom looks like one that does not exist")
                .isEqualTo(404);
        assertThat(http.get(analyticsUri(UUID.randomUUID()), facilitatorToken(facilitator))
                        .status())
                .isEqualTo(404);
    }

    /**
     * Issue 21: the query stage of the walk of every kind (the other stages: aggregator-service's EveryKindIT). Each
     * kind, posted over HTTP, is read back through the query API; the switch has no default, so a kind added to
     * {@link EventKind} does not compile here until the read that shows it is named.
     */
    @Test
    void everyKindPostedOverHttpIsReadBackFromTheQueryApi() {
        postRoster();
        Map<String, Object> feedback = event("feedback", from.plusSeconds(12));
        feedback.put("studentId", students.get(3).toString());
        feedback.put("lessonId", 4);
        feedback.put("feedbackType", "lesson_rating");
        feedback.put("rating", 5);
        postEvents(List.of(
                analytics("kind_walk", "test", null, from.plusSeconds(10)),
                progress(students.get(3), 4, "completed", from.plusSeconds(11)),
                feedback));

        for (EventKind kind : EventKind.values()) {
            await(kind.kindName() + " read back from the query API")
                    .atMost(LANDING)
                    .untilAsserted(() -> assertReadBack(kind));
        }
    }

    private void assertReadBack(EventKind kind) {
        switch (kind) {
            // a classroom lands once its facilitator has: the facilitator's token lists it
            case FACILITATOR ->
                assertThat(classroomRow(facilitator, classroom).path("id").asString())
                        .isEqualTo(classroom.toString());
            case CLASSROOM ->
                assertThat(classroomRow(facilitator, classroom)
                                .path("classroomCode")
                                .asString())
                        .isEqualTo("CODE-1");
            case STUDENT ->
                assertThat(classroomRow(facilitator, classroom)
                                .path("studentCount")
                                .asInt())
                        .isEqualTo(students.size());
            case ANALYTICS ->
                assertThat(analytics(classroom, facilitator)).containsExactly(listOf("kind_walk", "test", 1L, null));
            case PROGRESS ->
                assertThat(lessonRow("/progress", 4).path("completed").asInt()).isEqualTo(1);
            case FEEDBACK ->
                assertThat(lessonRow("/feedback?from=%s&to=%s".formatted(from, to), 4)
                                .path("count")
                                .asInt())
                        .isEqualTo(1);
        }
    }

    /** The row of {@code lessonId} of a per-lesson answer of the classroom, as its facilitator. */
    private JsonNode lessonRow(String path, int lessonId) {
        Http.Answer answer =
                http.get(services.query().resolve("/v1/classrooms/" + classroom + path), facilitatorToken(facilitator));
        assertThat(answer.status()).isEqualTo(200);
        for (JsonNode row : answer.body()) {
            if (row.path("lessonId").asInt() == lessonId) {
                return row;
            }
        }
        throw new AssertionError("no row of lesson " + lessonId + " in " + answer.body());
    }

    @Test
    void postingTheSameEventsTwiceCountsThemOnce() {
        postRoster();
        List<Map<String, Object>> events = List.of(
                analytics("video_watched", "media", 120.0, from.plusSeconds(5)),
                analytics("video_watched", "media", 60.0, from.plusSeconds(6)));
        postEvents(events);
        await().atMost(LANDING)
                .untilAsserted(() -> assertThat(analytics(classroom, facilitator))
                        .containsExactly(List.of("video_watched", "media", 2L, 90.0)));

        postEvents(events);
        // the same classroom's events share a partition: once the marker has landed, the repeat was processed
        postEvents(List.of(analytics("marker", "test", null, from.plusSeconds(7))));

        await().atMost(LANDING)
                .untilAsserted(() -> assertThat(analytics(classroom, facilitator))
                        .containsExactly(
                                List.of("video_watched", "media", 2L, 90.0), listOf("marker", "test", 1L, null)));
    }

    @Test
    void theReaderRoleWithoutAFacilitatorReadsNoRowsFromAnyTable() throws SQLException {
        postRoster();
        postEvents(List.of(analytics("lesson_opened", "navigation", null, from.plusSeconds(1))));
        await("the event is queryable")
                .atMost(LANDING)
                .untilAsserted(
                        () -> assertThat(analytics(classroom, facilitator)).isNotEmpty());

        DataSource reader = HeroesInfrastructure.get().dataSource(DbRole.READER);
        for (String table : READABLE_TABLES) {
            assertThat(countAsReader(reader, table, null))
                    .as("%s with no facilitator set", table)
                    .isZero();
            assertThat(countAsReader(reader, table, ""))
                    .as("%s with an empty facilitator", table)
                    .isZero();
        }
        assertThat(countAsReader(reader, "classrooms", facilitator.toString()))
                .as("the facilitator's own classroom is visible, so the zeros above are RLS at work")
                .isEqualTo(1);
    }

    /**
     * Issue 17, finding 6: the services listened on every interface. Configured as the local stack configures them,
     * each answers on the loopback and refuses a connection to this machine's other address.
     */
    @Test
    void everyServiceAnswersOnTheLoopbackOnly() {
        Optional<InetAddress> external = NetworkAddresses.nonLoopbackIpv4();
        for (URI service : List.of(services.aggregator(), services.ingest(), services.query())) {
            assertThat(http.status(service.resolve("/actuator/health")))
                    .as("%s on the loopback", service)
                    .isEqualTo(200);
            if (external.isPresent()) {
                InetSocketAddress outside = new InetSocketAddress(external.get(), service.getPort());
                assertThatThrownBy(() -> {
                            try (Socket socket = new Socket()) {
                                socket.connect(outside, 2_000);
                            }
                        })
                        .as("a connection to %s, the port of %s", outside, service)
                        .isInstanceOf(ConnectException.class);
            }
        }
        if (external.isEmpty()) {
            // no other interface to try from here: the address each service bound must be the loopback
            assertThat(services.serverAddresses())
                    .hasSize(3)
                    .allSatisfy(address -> assertThat(address).isEqualTo("127.0.0.1"));
        }
    }

    /**
     * query-service's jar ships no Kafka client, so it has no Kafka health check. In this one JVM every service sees
     * spring-kafka on the classpath: started as configured, query-service would grow a Kafka admin client on the
     * default {@code localhost:9092} whose health check answers 503 wherever no broker listens there (the containers
     * path; on the processes path the embedded broker's system property {@code spring.kafka.bootstrap-servers}
     * hid it).
     */
    @Test
    void theQueryServiceRunsWithoutAKafkaClientAsItsOwnJarHasNone() {
        assertThat(services.queryBeanNames(KafkaAdmin.class))
                .as("Kafka beans in query-service")
                .isEmpty();
    }

    @Test
    void everyServicePoolGoesThroughPgBouncerWithoutServerSidePreparedStatements() {
        String pgBouncerPort = HeroesInfrastructure.get().environment().get("HEROES_PGBOUNCER_PORT");

        assertThat(services.poolUrls())
                .as("the aggregator's and query-service's pools")
                .hasSize(2)
                .allSatisfy(url -> assertThat(url)
                        .contains(":" + pgBouncerPort + "/heroes_in_waiting")
                        .contains("prepareThreshold=0"));
    }

    private long countAsReader(DataSource reader, String table, String facilitatorSetting) throws SQLException {
        try (Connection connection = reader.getConnection()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                if (facilitatorSetting != null && !facilitatorSetting.isEmpty()) {
                    // as query-service says whom it acts for (migration V14)
                    statement.execute("SELECT act_for_facilitator('" + facilitatorSetting + "'::uuid)");
                } else if (facilitatorSetting != null) {
                    statement.execute("SELECT set_config('app.facilitator_id', '', true)");
                }
                try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    rows.next();
                    return rows.getLong(1);
                }
            } finally {
                connection.rollback();
            }
        }
    }

    private void postRoster() {
        Instant at = from.minusSeconds(60);
        List<Map<String, Object>> records = new ArrayList<>();
        records.add(Map.of(
                "kind",
                "facilitator",
                "eventId",
                id(),
                "occurredAt",
                at.toString(),
                "facilitatorId",
                facilitator.toString(),
                "email",
                "f@school.example",
                "organization",
                "District",
                "active",
                true));
        records.add(Map.of(
                "kind",
                "facilitator",
                "eventId",
                id(),
                "occurredAt",
                at.toString(),
                "facilitatorId",
                otherFacilitator.toString(),
                "email",
                "g@school.example",
                "organization",
                "District",
                "active",
                true));
        records.add(classroomRecord(classroom, facilitator, "CODE-1", at));
        records.add(classroomRecord(otherClassroom, otherFacilitator, "CODE-2", at));
        for (UUID student : students) {
            records.add(Map.of(
                    "kind",
                    "student",
                    "eventId",
                    id(),
                    "occurredAt",
                    at.toString(),
                    "studentId",
                    student.toString(),
                    "classroomId",
                    classroom.toString(),
                    "anonymousId",
                    "hero-" + student.toString().substring(0, 4),
                    "active",
                    true));
        }
        Http.Answer answer = http.post(
                services.ingest().resolve("/v1/roster"),
                tokens.serviceToken(Duration.ofMinutes(5)),
                Map.of("records", records));
        assertThat(answer.status()).as("roster answer %s", answer.body()).isEqualTo(202);
    }

    private void postEvents(List<Map<String, Object>> events) {
        Http.Answer answer = http.post(
                services.ingest().resolve("/v1/events"),
                tokens.clientToken(classroom, Duration.ofMinutes(5)),
                Map.of("events", events));
        assertThat(answer.status()).as("events answer %s", answer.body()).isEqualTo(202);
        assertThat(answer.body().path("accepted").asInt()).isEqualTo(events.size());
    }

    private List<List<Object>> analytics(UUID classroomId, UUID asFacilitator) {
        Http.Answer answer = http.get(analyticsUri(classroomId), facilitatorToken(asFacilitator));
        assertThat(answer.status()).isEqualTo(200);
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode row : answer.body()) {
            JsonNode avg = row.path("avgValue");
            rows.add(listOf(
                    row.path("eventType").asString(),
                    row.path("eventCategory").asString(),
                    row.path("eventCount").asLong(),
                    avg.isNull() ? null : avg.asDouble()));
        }
        return rows;
    }

    private JsonNode classroomRow(UUID asFacilitator, UUID classroomId) {
        Http.Answer answer = http.get(services.query().resolve("/v1/classrooms"), facilitatorToken(asFacilitator));
        assertThat(answer.status()).isEqualTo(200);
        for (JsonNode row : answer.body()) {
            assertThat(row.path("id").asString())
                    .as("only the caller's classrooms")
                    .isEqualTo(classroomId.toString());
        }
        assertThat(answer.body()).hasSize(1);
        return answer.body().get(0);
    }

    private URI analyticsUri(UUID classroomId) {
        return services.query().resolve("/v1/classrooms/%s/analytics?from=%s&to=%s".formatted(classroomId, from, to));
    }

    private String facilitatorToken(UUID id) {
        return tokens.facilitatorToken(id, Duration.ofMinutes(5));
    }

    /**
     * A classroom-level event, tied to no student: its averages are shown however small the class (small-cell
     * suppression withholds only averages of 1 to 4 students' values, ADR 0006; query-service's tests cover it).
     */
    private Map<String, Object> analytics(String type, String category, Double value, Instant at) {
        Map<String, Object> event = event("analytics", at);
        event.put("eventType", type);
        event.put("eventCategory", category);
        if (value != null) {
            event.put("eventValue", value);
        }
        return event;
    }

    private Map<String, Object> progress(UUID student, int lesson, String status, Instant at) {
        Map<String, Object> event = event("progress", at);
        event.put("studentId", student.toString());
        event.put("lessonId", lesson);
        event.put("completionStatus", status);
        return event;
    }

    private Map<String, Object> event(String kind, Instant at) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("kind", kind);
        event.put("eventId", id());
        event.put("classroomId", classroom.toString());
        event.put("occurredAt", at.toString());
        return event;
    }

    private static Map<String, Object> classroomRecord(UUID id, UUID facilitatorId, String code, Instant at) {
        return Map.of(
                "kind",
                "classroom",
                "eventId",
                id(),
                "occurredAt",
                at.toString(),
                "classroomId",
                id.toString(),
                "facilitatorId",
                facilitatorId.toString(),
                "name",
                "Class " + code,
                "classroomCode",
                code,
                "active",
                true);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static List<Object> listOf(Object... values) {
        return java.util.Arrays.asList(values);
    }
}
