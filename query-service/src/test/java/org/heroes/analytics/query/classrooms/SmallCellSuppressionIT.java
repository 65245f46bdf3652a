package org.heroes.analytics.query.classrooms;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Rollups;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Small-cell suppression (ADR 0006) at the default k = 5: an average of values from 4 distinct students is withheld,
 * from 5 it is shown; a student who rates twice still counts once; values tied to no student are withheld only
 * where a cell begins before the retention horizon, as every average there is.
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=query-service")
class SmallCellSuppressionIT extends QueryIntegrationTest {

    private static final Instant FROM = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-03T00:00:00Z");

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final UUID facilitator = UUID.randomUUID();
    private UUID classroom;
    private String token;

    @BeforeEach
    void classroomWithSmallAndLargeCells() {
        infra.truncateAll();
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        roster.facilitator(facilitator);
        classroom = roster.classroom(facilitator, "cells", true, FROM.minus(Duration.ofDays(30)));
        List<UUID> students = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            students.add(roster.student(classroom, true));
        }
        Instant at = FROM.plus(Duration.ofHours(9)).plusSeconds(90);
        for (int i = 0; i < 4; i++) {
            roster.feedback(classroom, students.get(i), 1, 1 + i, at); // lesson 1: four students
            roster.event(classroom, students.get(i), "quiz_answered", "quiz", 10.0 * i, at);
        }
        roster.feedback(classroom, students.get(0), 1, 5, at.plusSeconds(60)); // the same student again
        for (int i = 0; i < 5; i++) {
            roster.feedback(classroom, students.get(i), 2, 4, at); // lesson 2: five students
            roster.event(classroom, students.get(i), "hint_used", "quiz", 1.0, at);
        }
        roster.event(classroom, "video_played", "media", 3.0, at); // no student behind it
        new Rollups(infra.dataSource(DbRole.WRITER)).derive();
        token = infra.tokens().facilitatorToken(facilitator, Duration.ofMinutes(5));
    }

    @Test
    void feedbackFromFourStudentsIsWithheldFromFiveShown() {
        JsonNode lessons = get("/v1/classrooms/%s/feedback?from=%s&to=%s".formatted(classroom, FROM, TO));

        assertThat(lessons).hasSize(2);
        assertThat(lessons.get(0).get("lessonId").asInt()).isEqualTo(1);
        assertThat(lessons.get(0).get("count").asInt()).isEqualTo(5);
        assertThat(lessons.get(0).get("avgRating").isNull()).isTrue();
        assertThat(lessons.get(0).get("avgRatingSuppressed").asBoolean()).isTrue();
        assertThat(lessons.get(1).get("lessonId").asInt()).isEqualTo(2);
        assertThat(lessons.get(1).get("avgRating").decimalValue()).isEqualByComparingTo("4");
        assertThat(lessons.get(1).get("avgRatingSuppressed").asBoolean()).isFalse();
    }

    @Test
    void analyticsAveragesOfFewerThanFiveStudentsAreWithheld() {
        JsonNode groups = get("/v1/classrooms/%s/analytics?from=%s&to=%s".formatted(classroom, FROM, TO));

        assertThat(average(groups, "eventType", "quiz_answered", "avgValue")).isEqualTo("suppressed");
        assertThat(average(groups, "eventType", "hint_used", "avgValue")).isEqualTo("1.0");
        assertThat(average(groups, "eventType", "video_played", "avgValue")).isEqualTo("3.0");
    }

    @Test
    void timeSeriesBucketsFollowTheSameRule() {
        JsonNode all =
                get("/v1/classrooms/%s/analytics/timeseries?from=%s&to=%s&bucket=day".formatted(classroom, FROM, TO));
        JsonNode quiz = get("/v1/classrooms/%s/analytics/timeseries?from=%s&to=%s&bucket=day&eventType=quiz_answered"
                .formatted(classroom, FROM, TO));

        assertThat(all).hasSize(1);
        assertThat(all.get(0).get("eventCount").asInt()).isEqualTo(10);
        assertThat(all.get(0).get("avgValueSuppressed").asBoolean()).isFalse(); // five students in the day
        assertThat(quiz.get(0).get("avgValue").isNull()).isTrue();
        assertThat(quiz.get(0).get("avgValueSuppressed").asBoolean()).isTrue();
    }

    /**
     * Retention (ADR 0012): once the raw rows before the horizon are gone, the rollups still give the counts but the
     * distinct students behind an average are unknown, so every average of a cell that begins before the horizon
     * is withheld — even those of five students, and of values tied to no student.
     */
    @Test
    void averagesOfCellsBeforeTheRetentionHorizonAreWithheldAndCountsKept() {
        Instant horizon = FROM.plus(Duration.ofHours(10));
        retentionRanUpTo(horizon);

        JsonNode groups = get("/v1/classrooms/%s/analytics?from=%s&to=%s".formatted(classroom, FROM, TO));
        JsonNode lessons = get("/v1/classrooms/%s/feedback?from=%s&to=%s".formatted(classroom, FROM, TO));
        JsonNode days =
                get("/v1/classrooms/%s/analytics/timeseries?from=%s&to=%s&bucket=day".formatted(classroom, FROM, TO));

        assertThat(average(groups, "eventType", "hint_used", "avgValue")).isEqualTo("suppressed");
        assertThat(average(groups, "eventType", "video_played", "avgValue")).isEqualTo("suppressed");
        assertThat(lessons.get(1).get("count").asInt()).isEqualTo(5);
        assertThat(lessons.get(1).get("avgRating").isNull()).isTrue();
        assertThat(lessons.get(1).get("avgRatingSuppressed").asBoolean()).isTrue();
        assertThat(days.get(0).get("eventCount").asInt()).isEqualTo(10);
        assertThat(days.get(0).get("avgValueSuppressed").asBoolean()).isTrue();
    }

    @Test
    void cellsFromTheRetentionHorizonOnAreAnsweredAsBefore() {
        Instant horizon = FROM.plus(Duration.ofHours(9));
        retentionRanUpTo(horizon);

        JsonNode fromHorizon = get("/v1/classrooms/%s/analytics?from=%s&to=%s".formatted(classroom, horizon, TO));
        JsonNode beforeHorizon = get("/v1/classrooms/%s/analytics?from=%s&to=%s".formatted(classroom, FROM, TO));
        JsonNode hours =
                get("/v1/classrooms/%s/analytics/timeseries?from=%s&to=%s&bucket=hour".formatted(classroom, FROM, TO));

        assertThat(average(fromHorizon, "eventType", "hint_used", "avgValue")).isEqualTo("1.0");
        assertThat(average(fromHorizon, "eventType", "video_played", "avgValue"))
                .isEqualTo("3.0");
        assertThat(average(beforeHorizon, "eventType", "hint_used", "avgValue")).isEqualTo("suppressed");
        assertThat(hours).hasSize(1);
        assertThat(hours.get(0).get("avgValueSuppressed").asBoolean())
                .as("the 09:00 bucket begins at the horizon")
                .isFalse();
    }

    /** What the aggregator's retention job leaves: the horizon stored, raw rows before it deleted, rollups kept. */
    private void retentionRanUpTo(Instant horizon) {
        JdbcTemplate superuser = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
        Timestamp at = Timestamp.from(horizon);
        superuser.update("INSERT INTO retention_horizon (horizon) VALUES (?)", at);
        superuser.update("DELETE FROM analytics_events WHERE \"timestamp\" < ?", at);
        superuser.update("DELETE FROM student_feedback WHERE created_at < ?", at);
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = new QueryClient(port).get(path, token);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return QueryClient.json(response);
    }

    /** The group's average as text, or {@code suppressed}; fails if the flag and the value disagree. */
    private static String average(JsonNode groups, String key, String value, String field) {
        for (JsonNode group : groups) {
            if (group.get(key).asString().equals(value)) {
                boolean suppressed = group.get(field + "Suppressed").asBoolean();
                assertThat(group.get(field).isNull()).isEqualTo(suppressed);
                return suppressed
                        ? "suppressed"
                        : group.get(field).decimalValue().toString();
            }
        }
        throw new AssertionError("no group " + value + " in " + groups);
    }
}
