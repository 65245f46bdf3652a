package org.heroes.analytics.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.ingest.publishing.PublishFailedException;
import org.heroes.analytics.ingest.publishing.RecordPublisher;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.util.unit.DataSize;

/** The controller and its advice without security or Kafka: the answers of contract §3 for each outcome. */
class IngestControllerTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final String CLASSROOM = "5f0c2a9e-3b1d-4e8f-a7c6-9d8e7f6a5b4c";
    static final String OTHER_CLASSROOM = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";

    final RecordPublisher publisher = mock(RecordPublisher.class);
    final MockMvc mvc = MockMvcBuilders.standaloneSetup(new IngestController(
                    new IngestLimitsProperties(
                            3, DataSize.ofKilobytes(4), Duration.ofMinutes(5), Duration.ofDays(400), false),
                    publisher,
                    new IngestMetrics(new SimpleMeterRegistry()),
                    Clock.fixed(NOW, ZoneOffset.UTC)))
            .setControllerAdvice(new IngestExceptionHandler())
            .build();

    static String progress(String classroomId, int lessonId) {
        return """
                {"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "2026-11-26T09:30:00Z",
                 "studentId": "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f", "lessonId": %d, "completionStatus": "in_progress"}
                """.formatted(UUID.randomUUID(), classroomId, lessonId);
    }

    static MockHttpServletRequestBuilder postEvents(String body, Map<String, Object> claims) {
        Jwt jwt = Jwt.withTokenValue("token")
                .header("alg", "HS256")
                .claims(c -> c.putAll(claims))
                .build();
        return post("/v1/events")
                .contentType(MediaType.APPLICATION_JSON)
                .content(body)
                .principal(new JwtAuthenticationToken(jwt, List.of()));
    }

    static MockHttpServletRequestBuilder asClient(String body) {
        return postEvents(body, Map.of("sub", "app", "classroom_id", CLASSROOM));
    }

    @Test
    void validEventsAreAcceptedOnceKafkaAcknowledged() throws Exception {
        mvc.perform(asClient("{\"events\": [" + progress(CLASSROOM, 1) + "," + progress(CLASSROOM, 2) + "]}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.rejected").isEmpty());
        verify(publisher).publish(any());
    }

    @Test
    void partlyValidBatchIsAcceptedWithReasonsForTheRest() throws Exception {
        mvc.perform(asClient("{\"events\": [" + progress(CLASSROOM, 1) + "," + progress(CLASSROOM, 13) + "]}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.rejected[0].index").value(1))
                .andExpect(jsonPath("$.rejected[0].eventId").isString())
                .andExpect(jsonPath("$.rejected[0].errors[0]").value("lessonId: must be an integer from 1 to 12"));
    }

    @Test
    void batchWithoutValidEventIsA400ProblemListingTheRejections() throws Exception {
        mvc.perform(asClient("{\"events\": [" + progress(CLASSROOM, 0) + "]}"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.rejected[0].errors[0]").value("lessonId: must be an integer from 1 to 12"));
        verify(publisher, never()).publish(any());
    }

    @Test
    void bodyThatIsNotJsonIsA400Problem() throws Exception {
        mvc.perform(asClient("{\"events\": ["))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.title").value("Malformed request body"));
    }

    @Test
    void clientTokenPostingAnotherClassroomIsForbiddenForTheWholeBatch() throws Exception {
        mvc.perform(asClient("{\"events\": [" + progress(CLASSROOM, 1) + "," + progress(OTHER_CLASSROOM, 1) + "]}"))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verify(publisher, never()).publish(any());
    }

    @Test
    void serviceTokenMayPostAnyClassroom() throws Exception {
        mvc.perform(postEvents(
                        "{\"events\": [" + progress(CLASSROOM, 1) + "," + progress(OTHER_CLASSROOM, 1) + "]}",
                        Map.of("sub", "service:main-app")))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(2));
    }

    @Test
    void moreEventsThanTheLimitIsA413() throws Exception {
        mvc.perform(asClient("{\"events\": [1, 2, 3, 4]}"))
                .andExpect(status().isContentTooLarge())
                .andExpect(jsonPath("$.limit").value(3));
    }

    @Test
    void bodyOverTheSizeLimitIsA413() throws Exception {
        mvc.perform(asClient("{\"events\": [], \"padding\": \"" + "x".repeat(5000) + "\"}"))
                .andExpect(status().isContentTooLarge());
    }

    @Test
    void kafkaNotAcknowledgingInTimeIsA503WithNothingAccepted() throws Exception {
        doThrow(new PublishFailedException("not acknowledged", null, true))
                .when(publisher)
                .publish(any());

        mvc.perform(asClient("{\"events\": [" + progress(CLASSROOM, 1) + "]}"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.accepted").doesNotExist());
    }

    @Test
    void unknownFieldsAreNamedPerAcceptedItemInWarnings() throws Exception {
        String newerApp = progress(CLASSROOM, 1).replace("\"lessonId\"", "\"deviceModel\": \"x\", \"lessonId\"");

        mvc.perform(asClient("{\"events\": [" + progress(CLASSROOM, 2) + "," + newerApp + "]}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(2))
                .andExpect(jsonPath("$.warnings.length()").value(1))
                .andExpect(jsonPath("$.warnings[0].index").value(1))
                .andExpect(jsonPath("$.warnings[0].eventId").isString())
                .andExpect(
                        jsonPath("$.warnings[0].warnings[0]").value("deviceModel: is not a field of progress; dropped"))
                .andExpect(jsonPath("$.clockCorrection").doesNotExist());
    }

    @SuppressWarnings("unchecked")
    @Test
    void aBatchFromAClockThreeHoursFastIsCorrectedAndTheAnswerSaysBy() throws Exception {
        String event = progress(CLASSROOM, 1).replace("2026-11-26T09:30:00Z", "2026-11-26T12:30:00Z");

        mvc.perform(asClient("{\"sentAt\": \"2026-11-26T13:00:00Z\", \"events\": [" + event + "]}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.accepted").value(1))
                .andExpect(jsonPath("$.clockCorrection").value("PT-3H"));

        ArgumentCaptor<List<SpecificRecord>> published = ArgumentCaptor.forClass(List.class);
        verify(publisher).publish(published.capture());
        assertThat(((ProgressEvent) published.getValue().get(0)).getOccurredAt())
                .isEqualTo(Instant.parse("2026-11-26T09:30:00Z"));
    }
}
