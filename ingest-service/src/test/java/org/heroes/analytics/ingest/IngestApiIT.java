package org.heroes.analytics.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jwt.JWTClaimsSet;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.heroes.analytics.auth.SigningKey;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.TokenKeys;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The ingest API against a real broker: what a client posts is what lands on the topics, and who may post. */
@SpringBootTest(
        classes = IngestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.config.name=ingest-service",
            // the names of the readiness group's members (the service itself never shows them)
            "management.endpoint.health.group.readiness.show-components=always",
            // each test posts for a classroom of its own; five requests, then one an hour
            "ingest.rate-limits.client.burst=5",
            "ingest.rate-limits.client.requests=1",
            "ingest.rate-limits.client.per=1h"
        })
class IngestApiIT {

    static final HeroesInfrastructure INFRA = HeroesInfrastructure.get();
    static final TokenIssuer TOKENS = INFRA.tokens();
    static final EventCodec CODEC = EventCodec.create();
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Duration TTL = Duration.ofMinutes(5);

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        INFRA.environment().forEach((name, value) -> registry.add(name, () -> value));
    }

    @LocalServerPort
    int port;

    final UUID classroom = UUID.randomUUID();
    final String student = UUID.randomUUID().toString();
    final Instant occurredAt = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);

    @Test
    void eventsOfEachKindLandOnTheirTopicsKeyedByClassroom() throws Exception {
        String analyticsId = UUID.randomUUID().toString();
        String progressId = UUID.randomUUID().toString();
        String feedbackId = UUID.randomUUID().toString();

        HttpResponse<String> response = post("/v1/events", TOKENS.clientToken(classroom, TTL), """
                {"events": [
                  {"kind": "analytics", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s", "studentId": "%s",
                   "eventType": "lesson.opened", "eventCategory": "navigation", "eventValue": 1.5,
                   "properties": {"screen": "map"}},
                  {"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s", "studentId": "%s",
                   "lessonId": 4, "completionStatus": "completed", "score": 90, "timeSpentSeconds": 300},
                  {"kind": "feedback", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s", "studentId": "%s",
                   "lessonId": 4, "feedbackType": "lesson_rating", "rating": 4, "comment": "good"}
                ]}
                """.formatted(
                        analyticsId,
                        classroom,
                        occurredAt,
                        student,
                        progressId,
                        classroom,
                        occurredAt,
                        student,
                        feedbackId,
                        classroom,
                        occurredAt,
                        student));

        assertThat(response.statusCode()).isEqualTo(202);
        // issue 18 added "warnings" (always present, like "rejected"): the answer names dropped unknown fields
        assertThat(json(response)).isEqualTo(JSON.readTree("{\"accepted\": 3, \"rejected\": [], \"warnings\": []}"));
        String key = classroom.toString();
        assertThat(published(Topic.ANALYTICS, key))
                .containsExactly(new AnalyticsEvent(
                        analyticsId,
                        key,
                        occurredAt,
                        student,
                        "lesson.opened",
                        "navigation",
                        1.5,
                        Map.of("screen", "map")));
        assertThat(published(Topic.PROGRESS, key))
                .containsExactly(new ProgressEvent(
                        progressId, key, occurredAt, student, 4, CompletionStatus.completed, 90, 300L));
        assertThat(published(Topic.FEEDBACK, key))
                .containsExactly(
                        new FeedbackEvent(feedbackId, key, occurredAt, student, 4, "lesson_rating", 4, "good"));
    }

    @Test
    void rosterRecordsLandOnTheRosterTopicKeyedByTheirEntity() throws Exception {
        String facilitator = UUID.randomUUID().toString();
        String eventId = UUID.randomUUID().toString();

        HttpResponse<String> response = post("/v1/roster", TOKENS.serviceToken(TTL), """
                {"records": [
                  {"kind": "facilitator", "eventId": "%s", "occurredAt": "%s", "facilitatorId": "%s",
                   "email": "ada@example.org", "organization": "Hill School"},
                  {"kind": "classroom", "eventId": "%s", "occurredAt": "%s", "classroomId": "%s",
                   "facilitatorId": "%s", "name": "Year 4 Blue", "classroomCode": "Y4B"},
                  {"kind": "student", "eventId": "%s", "occurredAt": "%s", "studentId": "%s",
                   "classroomId": "%s", "anonymousId": "blue-fox-7", "active": false}
                ]}
                """.formatted(
                        eventId,
                        occurredAt,
                        facilitator,
                        eventId,
                        occurredAt,
                        classroom,
                        facilitator,
                        eventId,
                        occurredAt,
                        student,
                        classroom));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("accepted").asInt()).isEqualTo(3);
        assertThat(published(Topic.ROSTER, facilitator))
                .containsExactly(new FacilitatorRecord(
                        eventId, occurredAt, facilitator, "ada@example.org", "Hill School", true));
        assertThat(published(Topic.ROSTER, classroom.toString()))
                .containsExactly(new ClassroomRecord(
                        eventId, occurredAt, classroom.toString(), facilitator, "Year 4 Blue", "Y4B", true, "UTC"));
        assertThat(published(Topic.ROSTER, student))
                .containsExactly(
                        new StudentRecord(eventId, occurredAt, student, classroom.toString(), "blue-fox-7", false));
    }

    @Test
    void partlyValidBatchPublishesOnlyTheValidEventsAndSaysWhyTheOthersWereRejected() throws Exception {
        String validId = UUID.randomUUID().toString();
        String invalidId = UUID.randomUUID().toString();

        HttpResponse<String> response = post("/v1/events", TOKENS.clientToken(classroom, TTL), """
                {"events": [
                  {"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s", "studentId": "%s",
                   "lessonId": 13, "completionStatus": "finished"},
                  {"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s", "studentId": "%s",
                   "lessonId": 1, "completionStatus": "in_progress"}
                ]}
                """.formatted(
                        invalidId, classroom, occurredAt, student, validId, classroom, occurredAt, student));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response)).isEqualTo(JSON.readTree("""
                {"accepted": 1, "rejected": [{"index": 0, "eventId": "%s", "errors": [
                  "lessonId: must be an integer from 1 to 12",
                  "completionStatus: must be one of not_started, in_progress, completed"]}], "warnings": []}
                """.formatted(invalidId)));
        assertThat(published(Topic.PROGRESS, classroom.toString()))
                .extracting(r -> ((ProgressEvent) r).getEventId())
                .containsExactly(validId);
    }

    @Test
    void requestWithoutTokenIsUnauthorized() throws Exception {
        assertThat(post("/v1/events", null, validProgress()).statusCode()).isEqualTo(401);
    }

    @Test
    void tokenForAnotherServiceIsUnauthorized() throws Exception {
        String facilitatorToken = TOKENS.facilitatorToken(UUID.randomUUID(), TTL);

        assertThat(post("/v1/events", facilitatorToken, validProgress()).statusCode())
                .isEqualTo(401);
    }

    @Test
    void expiredTokenIsUnauthorized() throws Exception {
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(2, ChronoUnit.HOURS), ZoneOffset.UTC);
        String expired = INFRA.tokenKeys().issuer(twoHoursAgo).clientToken(classroom, TTL);

        assertThat(post("/v1/events", expired, validProgress()).statusCode()).isEqualTo(401);
    }

    @Test
    void tokenSignedWithAnotherKeyUnderTheSameKidIsUnauthorized() throws Exception {
        String forged = TokenKeys.generate(
                        Files.createTempDirectory("other-key"),
                        INFRA.tokenKeys().kid())
                .issuer()
                .serviceToken(TTL);

        assertThat(post("/v1/events", forged, validProgress()).statusCode()).isEqualTo(401);
    }

    @Test
    void tokenLivingLongerThanItsKindAllowsIsUnauthorized() throws Exception {
        Instant now = Instant.now();
        String twoHourServiceToken = INFRA.tokenKeys()
                .sign(new JWTClaimsSet.Builder()
                        .issuer(TokenIssuer.DEFAULT_ISSUER)
                        .audience("heroes-ingest")
                        .claim("scope", "roster:write events:write")
                        .issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(2, ChronoUnit.HOURS)))
                        .build());
        String withoutIat = INFRA.tokenKeys()
                .sign(new JWTClaimsSet.Builder()
                        .issuer(TokenIssuer.DEFAULT_ISSUER)
                        .audience("heroes-ingest")
                        .claim("scope", "events:write")
                        .claim("classroom_id", classroom.toString())
                        .expirationTime(Date.from(now.plus(5, ChronoUnit.MINUTES)))
                        .build());

        assertThat(post("/v1/events", twoHourServiceToken, validProgress()).statusCode())
                .isEqualTo(401);
        assertThat(post("/v1/events", withoutIat, validProgress()).statusCode()).isEqualTo(401);
    }

    @Test
    void clientTokenPostingAnotherClassroomIsForbiddenAndNothingIsPublished() throws Exception {
        UUID otherClassroom = UUID.randomUUID();

        HttpResponse<String> response = post("/v1/events", TOKENS.clientToken(otherClassroom, TTL), validProgress());

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(published(Topic.PROGRESS, classroom.toString())).isEmpty();
    }

    /**
     * The ingest stage of every declared kind (ADR 0030): an item of each kind, posted to its family's endpoint, is
     * published on its kind's topic under its kind's key, exactly as posted. Iterates {@link EventKind#values()}; a
     * new kind fails to compile in {@link #sample} until it is given one.
     */
    @Test
    void everyKindPostedLandsOnItsKindsTopicUnderItsKey() throws Exception {
        Map<EventKind, SpecificRecord> samples = new java.util.EnumMap<>(EventKind.class);
        for (EventKind kind : EventKind.values()) {
            samples.put(kind, sample(kind));
        }

        for (EventKind.Family family : EventKind.Family.values()) {
            String items = EventKind.inFamily(family).stream()
                    .map(kind -> asJson(kind, samples.get(kind)))
                    .collect(Collectors.joining(", "));
            HttpResponse<String> response = switch (family) {
                case EVENT -> post("/v1/events", TOKENS.clientToken(classroom, TTL), "{\"events\": [" + items + "]}");
                case ROSTER -> post("/v1/roster", TOKENS.serviceToken(TTL), "{\"records\": [" + items + "]}");
            };
            assertThat(response.statusCode())
                    .as(family + ": " + response.body())
                    .isEqualTo(202);
            assertThat(json(response).get("accepted").asInt())
                    .as(response.body())
                    .isEqualTo(EventKind.inFamily(family).size());
        }
        for (EventKind kind : EventKind.values()) {
            SpecificRecord record = samples.get(kind);
            assertThat(published(kind.topic(), kind.key(record)))
                    .as(kind + " on " + kind.topic().topicName())
                    .contains(record);
        }
    }

    /** A valid record of the kind, in this test's classroom (the client token's) and naming its student. */
    private SpecificRecord sample(EventKind kind) {
        String eventId = UUID.randomUUID().toString();
        String key = classroom.toString();
        return switch (kind) {
            case ANALYTICS ->
                new AnalyticsEvent(
                        eventId, key, occurredAt, student, "lesson.opened", "navigation", 1.5, Map.of("screen", "map"));
            case PROGRESS ->
                new ProgressEvent(eventId, key, occurredAt, student, 4, CompletionStatus.completed, 90, 300L);
            case FEEDBACK -> new FeedbackEvent(eventId, key, occurredAt, student, 4, "lesson_rating", 4, "good");
            case FACILITATOR ->
                FacilitatorRecord.newBuilder()
                        .setEventId(eventId)
                        .setOccurredAt(occurredAt)
                        .setFacilitatorId(UUID.randomUUID().toString())
                        .setEmail("ada@example.org")
                        .setOrganization("Hill School")
                        .build();
            case CLASSROOM ->
                ClassroomRecord.newBuilder()
                        .setEventId(eventId)
                        .setOccurredAt(occurredAt)
                        .setClassroomId(key)
                        .setFacilitatorId(UUID.randomUUID().toString())
                        .setName("Year 4 Blue")
                        .setClassroomCode("Y4B")
                        .build();
            case STUDENT ->
                StudentRecord.newBuilder()
                        .setEventId(eventId)
                        .setOccurredAt(occurredAt)
                        .setStudentId(student)
                        .setClassroomId(key)
                        .setAnonymousId("blue-fox-7")
                        .build();
        };
    }

    /** The record as a client item of its kind: every field it has a value for, by its schema's names. */
    private static String asJson(EventKind kind, SpecificRecord record) {
        Map<String, Object> item = new java.util.LinkedHashMap<>();
        item.put("kind", kind.kindName());
        for (org.apache.avro.Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value instanceof Instant || value instanceof CharSequence || value instanceof Enum<?>) {
                item.put(field.name(), value.toString());
            } else if (value != null) {
                item.put(field.name(), value);
            }
        }
        return JSON.writeValueAsString(item);
    }

    @Test
    void clientTokenMayNotWriteTheRoster() throws Exception {
        HttpResponse<String> response = post("/v1/roster", TOKENS.clientToken(classroom, TTL), "{\"records\": []}");

        assertThat(response.statusCode()).isEqualTo(403);
    }

    @Test
    void bodyThatIsNotJsonIsABadRequestProblem() throws Exception {
        HttpResponse<String> response = post("/v1/events", TOKENS.clientToken(classroom, TTL), "{\"events\": [");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("status").asInt()).isEqualTo(400);
    }

    @Test
    void batchWithoutAValidEventIsABadRequestListingTheReasons() throws Exception {
        HttpResponse<String> response =
                post("/v1/events", TOKENS.clientToken(classroom, TTL), """
                {"events": [{"kind": "progress", "classroomId": "%s"}]}
                """.formatted(classroom));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("rejected").get(0).get("errors").toString())
                .contains("eventId: is required", "lessonId: is required");
    }

    @Test
    void moreThan500EventsAreTooLarge() throws Exception {
        String events = IntStream.range(0, 501).mapToObj(i -> "{}").collect(Collectors.joining(","));

        HttpResponse<String> response =
                post("/v1/events", TOKENS.clientToken(classroom, TTL), "{\"events\": [" + events + "]}");

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void bodyOverOneMebibyteIsTooLarge() throws Exception {
        String padding = "x".repeat(1024 * 1024);

        HttpResponse<String> response =
                post("/v1/events", TOKENS.clientToken(classroom, TTL), "{\"events\": [], \"p\": \"" + padding + "\"}");

        assertThat(response.statusCode()).isEqualTo(413);
    }

    @Test
    void healthIsOpenWithoutToken() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("UP");
    }

    @Test
    void readinessIsKafka() throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/actuator/health/readiness")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("UP");
        assertThat(json(response).get("components").get("kafka").get("status").asString())
                .isEqualTo("UP");
        assertThat(response.body()).doesNotContain("clusterId"); // details are never shown
    }

    @Test
    void prometheusShowsTheIngestMetersWithoutAToken() throws Exception {
        assertThat(post("/v1/events", TOKENS.clientToken(classroom, TTL), validProgress())
                        .statusCode())
                .isEqualTo(202);

        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(uri("/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body())
                .contains("ingest_kafka_send_seconds_count")
                .contains("http_server_requests_seconds_count{")
                .contains("jvm_memory_used_bytes")
                .contains("kafka_producer_record_send_total");
    }

    /**
     * Issue 18: the 7-day live window is gone (a tablet offline over a holiday lost everything it recorded); an
     * event is taken up to the retention age, and one older is refused naming the horizon.
     */
    @Test
    void eventsWeeksOldAreTakenAndOnlyOneOlderThanTheRetentionAgeIsRefusedNamingTheHorizon() throws Exception {
        Instant weeksAgo = Instant.now().minus(Duration.ofDays(20)).truncatedTo(ChronoUnit.MILLIS);
        String template = """
                {"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s",
                  "studentId": "%s", "lessonId": 1, "completionStatus": "in_progress"}""";

        HttpResponse<String> response = post(
                "/v1/events",
                TOKENS.clientToken(classroom, TTL),
                "{\"events\": [" + template.formatted(UUID.randomUUID(), classroom, weeksAgo, student) + ","
                        + template.formatted(
                                UUID.randomUUID(), classroom, Instant.now().minus(Duration.ofDays(401)), student)
                        + "]}");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("accepted").asInt()).isEqualTo(1);
        assertThat(json(response).get("rejected").get(0).get("errors").get(0).asString())
                .startsWith("occurredAt: lies before the retention horizon, 400 days back (")
                .endsWith("): events that old are not kept");
        assertThat(published(Topic.PROGRESS, classroom.toString()))
                .extracting(r -> ((ProgressEvent) r).getOccurredAt())
                .containsExactly(weeksAgo);
    }

    /**
     * Issue 18: an app newer than the service sends a field the service does not know. The event is taken, the
     * field is not: what lands on the topic is exactly the record of the known fields, and the answer and a meter
     * name the field.
     */
    @Test
    void unknownFieldsAreDroppedBeforeTheTopicAndNamedInTheAnswer() throws Exception {
        String eventId = UUID.randomUUID().toString();

        HttpResponse<String> response = post("/v1/events", TOKENS.clientToken(classroom, TTL), """
                {"events": [{"kind": "feedback", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s",
                  "studentId": "%s", "lessonId": 2, "feedbackType": "lesson_rating", "rating": 4,
                  "moodEmoji": "happy", "childNickname": "Bo"}]}
                """.formatted(
                        eventId, classroom, occurredAt, student));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response)).isEqualTo(JSON.readTree("""
                {"accepted": 1, "rejected": [], "warnings": [{"index": 0, "eventId": "%s", "warnings": [
                  "moodEmoji: is not a field of feedback; dropped",
                  "childNickname: is not a field of feedback; dropped"]}]}
                """.formatted(eventId)));
        assertThat(published(Topic.FEEDBACK, classroom.toString()))
                .containsExactly(new FeedbackEvent(
                        eventId, classroom.toString(), occurredAt, student, 2, "lesson_rating", 4, null));
        assertThat(HTTP.send(
                                HttpRequest.newBuilder(uri("/actuator/prometheus"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("ingest_unknown_fields_total{field=\"moodEmoji\",kind=\"feedback\"");
    }

    /** Issue 18: a tablet whose clock runs 3 hours fast sends {@code sentAt}; its events land at the real time. */
    @Test
    void aBatchFromAClockThreeHoursFastLandsAtTheCorrectedTime() throws Exception {
        String eventId = UUID.randomUUID().toString();
        Duration fast = Duration.ofHours(3);

        HttpResponse<String> response = post("/v1/events", TOKENS.clientToken(classroom, TTL), """
                {"sentAt": "%s", "events": [{"kind": "progress", "eventId": "%s", "classroomId": "%s",
                  "occurredAt": "%s", "studentId": "%s", "lessonId": 1, "completionStatus": "in_progress"}]}
                """.formatted(
                        Instant.now().plus(fast), eventId, classroom, occurredAt.plus(fast), student));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Duration correction =
                Duration.parse(json(response).get("clockCorrection").asString());
        assertThat(correction).isBetween(fast.negated(), fast.negated().plusSeconds(10));
        assertThat(published(Topic.PROGRESS, classroom.toString()))
                .extracting(r -> ((ProgressEvent) r).getOccurredAt())
                .singleElement()
                .isEqualTo(occurredAt.plus(fast).plus(correction).truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void gzipBodyIsAccepted() throws Exception {
        HttpResponse<String> response = postBytes(
                "/v1/events",
                TOKENS.clientToken(classroom, TTL),
                gzip(validProgress().getBytes(UTF_8)),
                "gzip");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).get("accepted").asInt()).isEqualTo(1);
    }

    @Test
    void gzipBombIsTooLargeAndTheServiceStaysUp() throws Exception {
        // 64 MiB of spaces inside a valid envelope inflate from about 64 KiB on the wire
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("{\"events\": [".getBytes(UTF_8));
            byte[] spaces = new byte[1024 * 1024];
            Arrays.fill(spaces, (byte) ' ');
            for (int i = 0; i < 64; i++) {
                gzip.write(spaces);
            }
            gzip.write("]}".getBytes(UTF_8));
        }
        assertThat(compressed.size()).isLessThan(1024 * 1024);

        HttpResponse<String> response =
                postBytes("/v1/events", TOKENS.clientToken(classroom, TTL), compressed.toByteArray(), "gzip");

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(post("/v1/events", TOKENS.clientToken(classroom, TTL), validProgress())
                        .statusCode())
                .isEqualTo(202);
    }

    @Test
    void bodyThatIsNotGzipAsAnnouncedIsABadRequest() throws Exception {
        HttpResponse<String> response = postBytes(
                "/v1/events",
                TOKENS.clientToken(classroom, TTL),
                validProgress().getBytes(UTF_8),
                "gzip");

        assertThat(response.statusCode()).isEqualTo(400);
    }

    @Test
    void unknownContentEncodingIsUnsupported() throws Exception {
        HttpResponse<String> response = postBytes(
                "/v1/events",
                TOKENS.clientToken(classroom, TTL),
                validProgress().getBytes(UTF_8),
                "br");

        assertThat(response.statusCode()).isEqualTo(415);
    }

    @Test
    void deeplyNestedJsonIsABadRequest() throws Exception {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        HttpResponse<String> response =
                post("/v1/events", TOKENS.clientToken(classroom, TTL), "{\"events\": [" + deep + "]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("detail").asString()).contains("nesting depth");
    }

    @Test
    void unauthorizedAndForbiddenAnswersAreProblems() throws Exception {
        HttpResponse<String> unauthorized = post("/v1/events", null, validProgress());
        HttpResponse<String> forbidden = post("/v1/roster", TOKENS.clientToken(classroom, TTL), "{\"records\": []}");

        for (HttpResponse<String> response : List.of(unauthorized, forbidden)) {
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(response.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            assertThat(json(response).get("status").asInt()).isEqualTo(response.statusCode());
        }
        assertThat(unauthorized.statusCode()).isEqualTo(401);
        assertThat(forbidden.statusCode()).isEqualTo(403);
    }

    @Test
    void unsignedTokenIsUnauthorized() throws Exception {
        String[] parts = TOKENS.clientToken(classroom, TTL).split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(UTF_8));

        assertThat(post("/v1/events", none + "." + parts[1] + ".", validProgress())
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void tamperedTokenIsUnauthorized() throws Exception {
        String[] parts = TOKENS.clientToken(classroom, TTL).split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8);
        String otherClaims =
                claims.replace(classroom.toString(), UUID.randomUUID().toString());
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(otherClaims.getBytes(UTF_8)) + "."
                + parts[2];

        assertThat(post("/v1/events", tampered, validProgress()).statusCode()).isEqualTo(401);
    }

    @Test
    void tokenOfAnotherIssuerIsUnauthorized() throws Exception {
        String foreign = new TokenIssuer(
                        SigningKey.readPem(
                                INFRA.tokenKeys().privateKeyFile(),
                                INFRA.tokenKeys().kid()),
                        "someone-else")
                .clientToken(classroom, TTL);

        assertThat(post("/v1/events", foreign, validProgress()).statusCode()).isEqualTo(401);
    }

    @Test
    void spentRateLimitIsTooManyRequestsWithRetryAfter() throws Exception {
        String token = TOKENS.clientToken(classroom, TTL);
        for (int i = 0; i < 5; i++) {
            assertThat(post("/v1/events", token, validProgress()).statusCode()).isEqualTo(202);
        }

        HttpResponse<String> limited = post("/v1/events", token, validProgress());

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        String metrics = HTTP.send(
                        HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        assertThat(metrics).contains("ingest_rate_limited_total{token=\"client\"");
        assertThat(limited.headers().firstValue("Retry-After").map(Long::parseLong))
                .hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 3600L));
        assertThat(post("/v1/events", TOKENS.serviceToken(TTL), validProgress()).statusCode())
                .as("the service token has its own bucket")
                .isEqualTo(202);
    }

    @Test
    void openApiDescriptionIsServedWithoutToken() throws Exception {
        HttpResponse<String> response =
                HTTP.send(HttpRequest.newBuilder(uri("/v3/api-docs")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("paths").propertyNames()).contains("/v1/events", "/v1/roster");
    }

    @Test
    void prometheusMetricsCountEventsByKindAndReasonAndTimeKafkaSends() throws Exception {
        post("/v1/events", TOKENS.clientToken(classroom, TTL), """
                {"events": [
                  {"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s", "studentId": "%s",
                   "lessonId": 13, "completionStatus": "in_progress"},
                  {"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s", "studentId": "%s",
                   "lessonId": 1, "completionStatus": "in_progress"}]}
                """.formatted(
                UUID.randomUUID(), classroom, occurredAt, student, UUID.randomUUID(), classroom, occurredAt, student));

        String metrics = HTTP.send(
                        HttpRequest.newBuilder(uri("/actuator/prometheus")).build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();

        assertThat(metrics)
                .contains("ingest_events_total{kind=\"progress\",outcome=\"accepted\",reason=\"none\"")
                .contains("ingest_events_total{kind=\"progress\",outcome=\"rejected\",reason=\"lessonId\"")
                .contains("ingest_kafka_send_seconds_count{outcome=\"acknowledged\"")
                .contains("http_server_requests_seconds_count{");
    }

    private static byte[] gzip(byte[] plain) throws Exception {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(plain);
        }
        return compressed.toByteArray();
    }

    private HttpResponse<String> postBytes(String path, String token, byte[] body, String encoding) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Content-Encoding", encoding)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private String validProgress() {
        return """
                {"events": [{"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "%s",
                  "studentId": "%s", "lessonId": 1, "completionStatus": "in_progress"}]}
                """.formatted(UUID.randomUUID(), classroom, occurredAt, student);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /**
     * Every record on the topic under this key, decoded. The 202 came after Kafka acknowledged, so reading
     * each partition up to its current end sees all of them.
     */
    private static List<SpecificRecord> published(Topic topic, String key) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                INFRA.kafkaBootstrap(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            await("reading " + topic.topicName() + " to its end")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
                    });
            return records.stream()
                    .filter(r -> key.equals(r.key()))
                    .map(r -> CODEC.decode(r.value()))
                    .toList();
        }
    }
}
