package org.heroes.analytics.eventsjson;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class RecordMapperTest {

    static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String EVENT_ID = "0b6d3c1e-8f7a-4c2b-9d5e-1a2b3c4d5e6f";
    static final String CLASSROOM = "5f0c2a9e-3b1d-4e8f-a7c6-9d8e7f6a5b4c";
    static final String STUDENT = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";
    static final String FACILITATOR = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Issue 18: the live API takes events as old as the retention age (400 days), not a 7-day window. */
    final RecordMapper events = RecordMapper.events(CLOCK, Duration.ofMinutes(5), Duration.ofDays(400));

    final RecordMapper roster = RecordMapper.roster(CLOCK, Duration.ofMinutes(5));

    static ObjectNode analytics() {
        return (ObjectNode) JSON.readTree("""
                {"kind": "analytics", "eventId": "%s", "classroomId": "%s", "occurredAt": "2026-11-26T09:30:00.123456Z",
                 "studentId": "%s", "eventType": "lesson.opened", "eventCategory": "navigation", "eventValue": 2.5,
                 "properties": {"screen": "map", "device": "tablet"}}
                """.formatted(EVENT_ID, CLASSROOM, STUDENT));
    }

    static ObjectNode progress() {
        return (ObjectNode) JSON.readTree("""
                {"kind": "progress", "eventId": "%s", "classroomId": "%s", "occurredAt": "2026-11-26T09:30:00Z",
                 "studentId": "%s", "lessonId": 3, "completionStatus": "completed", "score": 87, "timeSpentSeconds": 640}
                """.formatted(EVENT_ID, CLASSROOM, STUDENT));
    }

    static ObjectNode feedback() {
        return (ObjectNode) JSON.readTree("""
                {"kind": "feedback", "eventId": "%s", "classroomId": "%s", "occurredAt": "2026-11-26T09:30:00Z",
                 "studentId": "%s", "lessonId": 12, "feedbackType": "lesson_rating", "rating": 5, "comment": "fun"}
                """.formatted(EVENT_ID, CLASSROOM, STUDENT));
    }

    @Test
    void validAnalyticsEventBecomesItsRecordWithMillisecondPrecision() {
        MappedBatch batch = events.map(List.of(analytics()));

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.accepted())
                .containsExactly(AnalyticsEvent.newBuilder()
                        .setEventId(EVENT_ID)
                        .setClassroomId(CLASSROOM)
                        .setOccurredAt(Instant.parse("2026-11-26T09:30:00.123Z"))
                        .setStudentId(STUDENT)
                        .setEventType("lesson.opened")
                        .setEventCategory("navigation")
                        .setEventValue(2.5)
                        .setProperties(Map.of("screen", "map", "device", "tablet"))
                        .build());
    }

    @Test
    void analyticsEventWithoutOptionalFieldsIsValid() {
        ObjectNode event = analytics();
        event.remove(List.of("studentId", "eventValue", "properties"));

        AnalyticsEvent record =
                (AnalyticsEvent) events.map(List.of(event)).accepted().get(0);

        assertThat(record.getStudentId()).isNull();
        assertThat(record.getEventValue()).isNull();
        assertThat(record.getProperties()).isNull();
    }

    @Test
    void validProgressEventBecomesItsRecord() {
        assertThat(events.map(List.of(progress())).accepted())
                .containsExactly(ProgressEvent.newBuilder()
                        .setEventId(EVENT_ID)
                        .setClassroomId(CLASSROOM)
                        .setOccurredAt(Instant.parse("2026-11-26T09:30:00Z"))
                        .setStudentId(STUDENT)
                        .setLessonId(3)
                        .setCompletionStatus(CompletionStatus.completed)
                        .setScore(87)
                        .setTimeSpentSeconds(640L)
                        .build());
    }

    @Test
    void validFeedbackEventBecomesItsRecord() {
        assertThat(events.map(List.of(feedback())).accepted())
                .containsExactly(FeedbackEvent.newBuilder()
                        .setEventId(EVENT_ID)
                        .setClassroomId(CLASSROOM)
                        .setOccurredAt(Instant.parse("2026-11-26T09:30:00Z"))
                        .setStudentId(STUDENT)
                        .setLessonId(12)
                        .setFeedbackType("lesson_rating")
                        .setRating(5)
                        .setComment("fun")
                        .build());
    }

    @Test
    void uuidsAreStoredInLowerCase() {
        ObjectNode event = progress();
        event.put("classroomId", CLASSROOM.toUpperCase());

        ProgressEvent record =
                (ProgressEvent) events.map(List.of(event)).accepted().get(0);

        assertThat(record.getClassroomId()).isEqualTo(CLASSROOM);
    }

    /**
     * Ids are lower-cased as read and checked once, by RecordRules: no case of a text that is no UUID makes it one,
     * and its one reason is the rules' (the Kelvin sign lower-cases to {@code k} in Unicode, not in ASCII).
     */
    @ParameterizedTest
    @CsvSource({
        "NOT-A-UUID",
        "0B6D3C1E-8F7A-4C2B-9D5E-1A2B3C4D5E6G",
        "0B6D3C1E-8F7A-4C2B-9D5E-1A2B3C4D5E6\u212A",
        "0B6D3C1E-8F7A-4C2B-9D5E-1A2B3C4D5E6\u0130",
        "0B6D3C1E_8F7A-4C2B-9D5E-1A2B3C4D5E6F"
    })
    void anIdThatIsNoUuidInAnyCaseIsRejectedOnceWithTheRulesReason(String id) {
        ObjectNode event = analytics();
        event.put("eventId", id);
        event.put("studentId", id);

        MappedBatch batch = events.map(List.of(event));

        assertThat(batch.accepted()).isEmpty();
        assertThat(batch.rejected())
                .containsExactly(new Rejection(0, id, List.of("eventId: must be a UUID", "studentId: must be a UUID")));
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            analytics | eventId         | <absent>                 | eventId: is required
            analytics | eventId         | "not-a-uuid"             | eventId: must be a UUID
            analytics | classroomId     | 42                       | classroomId: must be a string
            analytics | occurredAt      | <absent>                 | occurredAt: is required
            analytics | occurredAt      | "yesterday"              | occurredAt: must be an ISO-8601 instant such as 2026-11-26T09:30:00Z
            analytics | occurredAt      | "2026-11-26T10:05:00.001Z" | occurredAt: must not lie more than 5 minutes in the future
            analytics | studentId       | "123"                    | studentId: must be a UUID
            analytics | eventType       | "Lesson Opened"          | eventType: must match [a-z0-9_.-]{1,64}
            analytics | eventCategory   | ""                       | eventCategory: must match [a-z0-9_.-]{1,64}
            analytics | eventValue      | 1e400                    | eventValue: must be a finite number
            analytics | eventValue      | "2.5"                    | eventValue: must be a number
            analytics | properties      | ["a"]                    | properties: must be an object of string values
            analytics | properties      | {"n": 1}                 | properties.n: must be a string
            analytics | properties      | {"n": "a\\u0000b"}         | properties.n: must not contain the NUL character, which PostgreSQL text cannot hold
            analytics | occurredAt      | "1969-12-31T23:59:59.999Z" | occurredAt: lies before the retention horizon, 400 days back (2025-10-22T10:00:00Z): events that old are not kept
            analytics | eventType       | "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx" | eventType: must match [a-z0-9_.-]{1,64}
            analytics | kind            | "click"                  | kind: must be one of analytics, progress, feedback
            analytics | kind            | <absent>                 | kind: is required, one of analytics, progress, feedback
            progress  | lessonId        | 0                        | lessonId: must be an integer from 1 to 12
            progress  | lessonId        | 13                       | lessonId: must be an integer from 1 to 12
            progress  | lessonId        | 2.5                      | lessonId: must be an integer
            progress  | lessonId        | "3"                      | lessonId: must be an integer
            progress  | lessonId        | 9999999999               | lessonId: must be an integer
            progress  | studentId       | <absent>                 | studentId: is required
            progress  | completionStatus| "done"                   | completionStatus: must be one of not_started, in_progress, completed
            progress  | score           | 101                      | score: must be an integer from 0 to 100
            progress  | score           | -1                       | score: must be an integer from 0 to 100
            progress  | timeSpentSeconds| -5                       | timeSpentSeconds: must be an integer of at least 0
            progress  | timeSpentSeconds| 2.5                      | timeSpentSeconds: must be an integer
            progress  | completionStatus| 1                        | completionStatus: must be a string
            feedback  | rating          | 0                        | rating: must be an integer from 1 to 5
            feedback  | rating          | 6                        | rating: must be an integer from 1 to 5
            feedback  | feedbackType    | "UPPER"                  | feedbackType: must match [a-z0-9_.-]{1,64}
            feedback  | lessonId        | null                     | lessonId: is required
            feedback  | lessonId        | 13                       | lessonId: must be an integer from 1 to 12
            feedback  | rating          | "5"                      | rating: must be an integer
            feedback  | comment         | " "                      | comment: must not be blank
            feedback  | comment         | "a\\u0000"                | comment: must not contain the NUL character, which PostgreSQL text cannot hold
            """)
    void invalidFieldIsRejectedWithItsReason(String kind, String field, String json, String reason) {
        ObjectNode event = kind.equals("analytics") ? analytics() : kind.equals("progress") ? progress() : feedback();
        if (json.equals("<absent>")) {
            event.remove(field);
        } else {
            event.set(field, JSON.readTree(json));
        }

        MappedBatch batch = events.map(List.of(event));

        assertThat(batch.accepted()).isEmpty();
        assertThat(batch.rejected()).containsExactly(new Rejection(0, eventIdOf(event), List.of(reason)));
    }

    @Test
    void commentOver500CharactersIsRejected() {
        ObjectNode event = feedback();
        event.put("comment", "x".repeat(501));

        assertThat(events.map(List.of(event)).rejected().get(0).errors())
                .containsExactly("comment: must have at most 500 characters");
    }

    @Test
    void moreThanTwentyPropertiesAreRejected() {
        ObjectNode event = analytics();
        ObjectNode properties = event.putObject("properties");
        for (int i = 0; i < 21; i++) {
            properties.put("k" + i, "v");
        }

        assertThat(events.map(List.of(event)).rejected().get(0).errors())
                .containsExactly("properties: must have at most 20 entries");
    }

    @Test
    void everyBrokenFieldOfAnEventIsReported() {
        ObjectNode event = progress();
        event.put("lessonId", 99);
        event.put("score", 500);
        event.remove("studentId");

        assertThat(events.map(List.of(event)).rejected().get(0).errors())
                .containsExactly(
                        "studentId: is required",
                        "lessonId: must be an integer from 1 to 12",
                        "score: must be an integer from 0 to 100");
    }

    @Test
    void fieldThatCannotBeReadIsReportedOnceNotAgainByTheValueRules() {
        ObjectNode event = progress();
        event.put("lessonId", "three");
        event.put("occurredAt", "+10000-01-01T00:00:00Z");
        event.put("score", 101);

        assertThat(events.map(List.of(event)).rejected().get(0).errors())
                .containsExactly(
                        "occurredAt: must not lie more than 5 minutes in the future",
                        "lessonId: must be an integer",
                        "score: must be an integer from 0 to 100");
    }

    @Test
    void textLimitsCountCharactersNotUtf16Units() {
        ObjectNode event = feedback();
        event.put("comment", "\uD83E\uDDB8".repeat(500));

        assertThat(events.map(List.of(event)).rejected()).isEmpty();
    }

    @Test
    void oneBadEventRejectsOnlyItselfAndKeepsItsIndex() {
        ObjectNode bad = analytics();
        bad.put("eventId", "nope");
        JsonNode notAnObject = JSON.readTree("17");

        MappedBatch batch = events.map(List.of(progress(), bad, feedback(), notAnObject));

        assertThat(batch.accepted()).hasSize(2);
        assertThat(batch.rejected())
                .containsExactly(
                        new Rejection(1, "nope", List.of("eventId: must be a UUID")),
                        new Rejection(3, null, List.of("item: must be a JSON object")));
    }

    @Test
    void classroomIdsOfAllEventsAreCollectedValidOrNot() {
        ObjectNode other = analytics();
        other.put("classroomId", "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE");
        other.remove("eventType");

        MappedBatch batch = events.map(List.of(progress(), other));

        assertThat(batch.classroomIds()).containsExactlyInAnyOrder(CLASSROOM, "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee");
    }

    @Test
    void rosterKindsAreUnknownToTheEventsEndpoint() {
        ObjectNode student = student();

        assertThat(events.map(List.of(student)).rejected().get(0).errors())
                .containsExactly("kind: must be one of analytics, progress, feedback");
    }

    static ObjectNode student() {
        return (ObjectNode) JSON.readTree("""
                {"kind": "student", "eventId": "%s", "occurredAt": "2026-11-26T09:00:00Z", "studentId": "%s",
                 "classroomId": "%s", "anonymousId": "blue-fox-7"}
                """.formatted(EVENT_ID, STUDENT, CLASSROOM));
    }

    @Test
    void validRosterRecordsBecomeTheirRecords() {
        JsonNode facilitator = JSON.readTree("""
                {"kind": "facilitator", "eventId": "%s", "occurredAt": "2026-11-26T09:00:00Z", "facilitatorId": "%s",
                 "email": "ada@example.org", "organization": "Hill School", "active": false}
                """.formatted(EVENT_ID, FACILITATOR));
        JsonNode classroom = JSON.readTree("""
                {"kind": "classroom", "eventId": "%s", "occurredAt": "2026-11-26T09:00:00Z", "classroomId": "%s",
                 "facilitatorId": "%s", "name": "Year 4 Blue", "classroomCode": "Y4B-2026"}
                """.formatted(EVENT_ID, CLASSROOM, FACILITATOR));
        Instant at = Instant.parse("2026-11-26T09:00:00Z");

        MappedBatch batch = roster.map(List.of(facilitator, classroom, student()));

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.accepted())
                .containsExactly(
                        new FacilitatorRecord(EVENT_ID, at, FACILITATOR, "ada@example.org", "Hill School", false),
                        new ClassroomRecord(
                                EVENT_ID, at, CLASSROOM, FACILITATOR, "Year 4 Blue", "Y4B-2026", true, "UTC"),
                        new StudentRecord(EVENT_ID, at, STUDENT, CLASSROOM, "blue-fox-7", true));
    }

    @ParameterizedTest(name = "timeZone {0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "Asia/Kolkata"   | <accepted>
            "Asia/Kathmandu" | <accepted>
            "+05:30"         | timeZone: must be an IANA time zone id such as UTC or Asia/Kolkata
            "Mars/Olympus"   | timeZone: must be an IANA time zone id such as UTC or Asia/Kolkata
            330              | timeZone: must be a string
            """)
    void aClassroomsTimeZoneIsKeptOrRejectedNamingTimeZone(String json, String outcome) {
        ObjectNode classroom = (ObjectNode) JSON.readTree("""
                {"kind": "classroom", "eventId": "%s", "occurredAt": "2026-11-26T09:00:00Z", "classroomId": "%s",
                 "facilitatorId": "%s", "name": "Year 4 Blue", "classroomCode": "Y4B-2026"}
                """.formatted(EVENT_ID, CLASSROOM, FACILITATOR));
        classroom.set("timeZone", JSON.readTree(json));

        MappedBatch batch = roster.map(List.of(classroom));

        if (outcome.equals("<accepted>")) {
            assertThat(batch.accepted())
                    .singleElement()
                    .extracting(record -> ((ClassroomRecord) record).getTimeZone())
                    .isEqualTo(JSON.readTree(json).asString());
        } else {
            assertThat(batch.rejected().get(0).errors()).containsExactly(outcome);
        }
    }

    @ParameterizedTest(name = "{0}: {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
            eventId     | <absent>       | eventId: is required
            occurredAt  | <absent>       | occurredAt: is required
            occurredAt  | "1969-12-31T23:59:59.999Z" | occurredAt: must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z
            studentId   | "x"            | studentId: must be a UUID
            anonymousId | "   "          | anonymousId: must not be blank
            active      | "yes"          | active: must be true or false
            kind        | "analytics"    | kind: must be one of facilitator, classroom, student
            """)
    void invalidRosterFieldIsRejectedWithItsReason(String field, String json, String reason) {
        ObjectNode record = student();
        if (json.equals("<absent>")) {
            record.remove(field);
        } else {
            record.set(field, JSON.readTree(json));
        }

        assertThat(roster.map(List.of(record)).rejected().get(0).errors()).containsExactly(reason);
    }

    static ObjectNode facilitator() {
        return (ObjectNode) JSON.readTree("""
                {"kind": "facilitator", "eventId": "%s", "occurredAt": "2026-11-26T09:00:00Z", "facilitatorId": "%s",
                 "email": "ada@example.org", "organization": "Hill School"}
                """.formatted(EVENT_ID, FACILITATOR));
    }

    static ObjectNode classroom() {
        return (ObjectNode) JSON.readTree("""
                {"kind": "classroom", "eventId": "%s", "occurredAt": "2026-11-26T09:00:00Z", "classroomId": "%s",
                 "facilitatorId": "%s", "name": "Year 4 Blue", "classroomCode": "Y4B-2026"}
                """.formatted(EVENT_ID, CLASSROOM, FACILITATOR));
    }

    @ParameterizedTest(name = "{0}.{1} of {2} characters → {3}")
    @CsvSource(delimiter = '|', textBlock = """
            facilitator | email         | 254 | <valid>
            facilitator | email         | 255 | email: must have at most 254 characters
            facilitator | organization  | 255 | <valid>
            facilitator | organization  | 256 | organization: must have at most 255 characters
            classroom   | name          | 255 | <valid>
            classroom   | name          | 256 | name: must have at most 255 characters
            classroom   | classroomCode | 64  | <valid>
            classroom   | classroomCode | 65  | classroomCode: must have at most 64 characters
            student     | anonymousId   | 64  | <valid>
            student     | anonymousId   | 65  | anonymousId: must have at most 64 characters
            """)
    void rosterTextsHaveTheirLimits(String kind, String field, int length, String reason) {
        ObjectNode record =
                kind.equals("facilitator") ? facilitator() : kind.equals("classroom") ? classroom() : student();
        String text = "x".repeat(length);
        record.put(field, field.equals("email") ? text.substring(12) + "@example.org" : text);

        MappedBatch batch = roster.map(List.of(record));

        if (reason.equals("<valid>")) {
            assertThat(batch.rejected()).isEmpty();
        } else {
            assertThat(batch.rejected().get(0).errors()).containsExactly(reason);
        }
    }

    @Test
    void rosterTextMustNotBeBlankNorHoldNul() {
        ObjectNode record = classroom();
        record.put("name", "");
        record.put("classroomCode", "Y4\u0000B");

        assertThat(roster.map(List.of(record)).rejected().get(0).errors())
                .containsExactly(
                        "name: must not be blank",
                        "classroomCode: must not contain the NUL character, which PostgreSQL text cannot hold");
    }

    @Test
    void absentActiveFlagMeansActive() {
        ClassroomRecord record =
                (ClassroomRecord) roster.map(List.of(classroom())).accepted().get(0);

        assertThat(record.getActive()).isTrue();
    }

    @Test
    void facilitatorEmailMustBeAnAddress() {
        JsonNode facilitator = JSON.readTree("""
                {"kind": "facilitator", "eventId": "%s", "occurredAt": "2026-11-26T09:00:00Z", "facilitatorId": "%s",
                 "email": "ada"}
                """.formatted(EVENT_ID, FACILITATOR));

        assertThat(roster.map(List.of(facilitator)).rejected().get(0).errors())
                .containsExactly("email: must be an email address");
    }

    @Test
    void eventsThirtyOneHundredTwentyAndThreeHundredDaysOldAreAcceptedAndOnlyOneBeyondTheHorizonIsRejected() {
        List<JsonNode> items = List.of(
                analytics().put("occurredAt", NOW.minus(Duration.ofDays(30)).toString()),
                progress().put("occurredAt", NOW.minus(Duration.ofDays(120)).toString()),
                feedback().put("occurredAt", NOW.minus(Duration.ofDays(300)).toString()),
                progress().put("occurredAt", NOW.minus(Duration.ofDays(400)).toString()),
                progress()
                        .put(
                                "occurredAt",
                                NOW.minus(Duration.ofDays(400)).minusMillis(1).toString()));

        MappedBatch batch = events.map(items);

        assertThat(batch.accepted()).hasSize(4);
        assertThat(batch.rejected())
                .containsExactly(new Rejection(
                        4,
                        EVENT_ID,
                        List.of("occurredAt: lies before the retention horizon, 400 days back"
                                + " (2025-10-22T10:00:00Z): events that old are not kept")));
    }

    @Test
    void theHorizonFollowsTheRetentionAge() {
        RecordMapper thirtyDays = RecordMapper.events(CLOCK, Duration.ofMinutes(5), Duration.ofDays(30));

        MappedBatch batch = thirtyDays.map(List.of(progress().put("occurredAt", "2026-10-26T09:59:59Z")));

        assertThat(batch.rejected().get(0).errors())
                .singleElement()
                .asString()
                .contains("30 days back (2026-10-27T10:00:00Z)");
    }

    @Test
    void theBackfillAndTheLiveApiAreOneMapper() {
        RecordMapper backfill = RecordMapper.history(CLOCK, Duration.ofMinutes(5), Duration.ofDays(400));
        ObjectNode future = progress().put("occurredAt", "2026-11-26T10:05:00.001Z");
        ObjectNode old = progress().put("occurredAt", "2020-01-01T00:00:00Z");
        ObjectNode badLesson =
                progress().put("occurredAt", "2026-01-01T00:00:00Z").put("lessonId", 13);

        MappedBatch batch = backfill.map(List.of(future, old, badLesson, student()));

        assertThat(batch.rejected())
                .isEqualTo(
                        events.map(List.of(future, old, badLesson, student())).rejected());
        assertThat(batch.rejected()).hasSize(4);
    }

    @Test
    void theBackfillRejectsALineWithAnUnknownFieldThatTheLiveApiDrops() {
        RecordMapper backfill = RecordMapper.history(CLOCK, Duration.ofMinutes(5), Duration.ofDays(400));
        ObjectNode misspelt = progress().put("scroe", 90);

        assertThat(backfill.map(List.of(misspelt)).rejected())
                .containsExactly(new Rejection(0, EVENT_ID, List.of("scroe: is not a field of this kind")));
        assertThat(events.map(List.of(misspelt)).accepted()).hasSize(1);
    }

    @Test
    void rosterRecordsHaveNoLiveWindow() {
        MappedBatch batch = roster.map(List.of(student().put("occurredAt", "2020-01-01T00:00:00Z")));

        assertThat(batch.rejected()).isEmpty();
    }

    @Test
    void unknownFieldsAreDroppedAndNamedAndCostTheEventNothing() {
        ObjectNode newerApp = analytics().put("deviceModel", "Tab S9").put("childNickname", "Bo");

        MappedBatch batch = events.map(List.of(newerApp));

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.accepted())
                .as("the record holds exactly what an event without the unknown fields holds")
                .containsExactlyElementsOf(events.map(List.of(analytics())).accepted());
        assertThat(batch.warnings())
                .containsExactly(new Warning(0, EVENT_ID, "analytics", List.of("deviceModel", "childNickname"), 2));
        assertThat(batch.warnings().get(0).reasons())
                .containsExactly(
                        "deviceModel: is not a field of analytics; dropped",
                        "childNickname: is not a field of analytics; dropped");
    }

    /** The mapper tells an item without unknown fields by counting its members: a null or missing field counts right. */
    @Test
    void anUnknownFieldIsFoundBesideAKnownFieldThatIsNullOrMissing() {
        ObjectNode nullStudent = analytics().putNull("studentId").put("deviceModel", "Tab S9");
        ObjectNode noStudent = analytics().put("deviceModel", "Tab S9");
        noStudent.remove("studentId");
        ObjectNode nullOnly = analytics().putNull("studentId");

        MappedBatch batch = events.map(List.of(nullStudent, noStudent, nullOnly));

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.accepted()).hasSize(3);
        assertThat(batch.warnings())
                .containsExactly(
                        new Warning(0, EVENT_ID, "analytics", List.of("deviceModel"), 1),
                        new Warning(1, EVENT_ID, "analytics", List.of("deviceModel"), 1));
    }

    @Test
    void aKnownFieldWithAnInvalidValueStillRejectsItsEventWhateverItsUnknownFields() {
        ObjectNode typo = progress().put("scroe", 90).put("lessonId", 13);

        MappedBatch batch = events.map(List.of(typo, progress().put("scroe", 90)));

        assertThat(batch.rejected())
                .containsExactly(new Rejection(0, EVENT_ID, List.of("lessonId: must be an integer from 1 to 12")));
        assertThat(batch.accepted()).hasSize(1);
        assertThat(batch.warnings())
                .as("warnings are of accepted events: a rejected one is stored without anything")
                .containsExactly(new Warning(1, EVENT_ID, "progress", List.of("scroe"), 1));
    }

    @Test
    void manyUnknownFieldsAreNamedBrieflyEachNameCutTo64Characters() {
        ObjectNode noisy = progress();
        for (int i = 0; i < 100; i++) {
            noisy.put("x".repeat(100) + i, i);
        }
        noisy.put("a\u0007b: c", 1);

        Warning warning = events.map(List.of(noisy)).warnings().get(0);

        assertThat(warning.count()).isEqualTo(101);
        assertThat(warning.fields())
                .hasSize(Warning.MAX_NAMED)
                .allSatisfy(name -> assertThat(name).hasSize(64).endsWith("..."));
        assertThat(warning.reasons())
                .hasSize(Warning.MAX_NAMED + 1)
                .last()
                .isEqualTo("(more): 81 more unknown fields; dropped");
        assertThat(Warning.displayName("a\u0007b: c")).isEqualTo("a?b:c");
    }

    @Test
    void rosterRecordsStillRejectUnknownFields() {
        MappedBatch batch = roster.map(List.of(student().put("timezone", "Europe/Paris")));

        assertThat(batch.rejected().get(0).errors()).containsExactly("timezone: is not a field of this kind");
        assertThat(batch.warnings()).isEmpty();
    }

    @Test
    void unknownKindRejectsOnlyThatEvent() {
        MappedBatch batch = events.map(List.of(progress().put("kind", "telemetry"), progress()));

        assertThat(batch.rejected())
                .singleElement()
                .satisfies(rejection -> assertThat(rejection.errors())
                        .containsExactly("kind: must be one of analytics, progress, feedback"));
        assertThat(batch.accepted()).hasSize(1);
    }

    private static String eventIdOf(JsonNode event) {
        JsonNode id = event.get("eventId");
        return id != null && id.isString() ? id.asString() : null;
    }
}
