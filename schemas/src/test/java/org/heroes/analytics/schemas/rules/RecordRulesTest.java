package org.heroes.analytics.schemas.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.heroes.analytics.schemas.rules.RecordRules.violations;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RecordRulesTest {

    static final Instant AT = Instant.parse("2026-11-26T09:30:00.123Z");
    static final String ID = "0b6d3c1e-8f7a-4c2b-9d5e-1a2b3c4d5e6f";
    static final String OTHER_ID = "5f0c2a9e-3b1d-4e8f-a7c6-9d8e7f6a5b4c";
    static final String THIRD_ID = "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f";
    /** One character (code point) that Java counts as two UTF-16 units. */
    static final String WIDE = "\uD83E\uDDB8";

    static final String NUL = "must not contain the NUL character, which PostgreSQL text cannot hold";

    static AnalyticsEvent analytics() {
        return new AnalyticsEvent(ID, OTHER_ID, AT, THIRD_ID, "lesson.opened", "navigation", 2.5, Map.of("k", "v"));
    }

    static ProgressEvent progress() {
        return new ProgressEvent(ID, OTHER_ID, AT, THIRD_ID, 3, CompletionStatus.completed, 87, 640L);
    }

    static FeedbackEvent feedback() {
        return new FeedbackEvent(ID, OTHER_ID, AT, THIRD_ID, 12, "lesson_rating", 5, "fun");
    }

    static FacilitatorRecord facilitator() {
        return new FacilitatorRecord(ID, AT, OTHER_ID, "ada@example.org", "Hill School", true);
    }

    static ClassroomRecord classroom() {
        return new ClassroomRecord(ID, AT, OTHER_ID, THIRD_ID, "Year 4 Blue", "Y4B-2026", true, "Asia/Kolkata");
    }

    static StudentRecord student() {
        return new StudentRecord(ID, AT, OTHER_ID, THIRD_ID, "blue-fox-7", true);
    }

    static Stream<SpecificRecord> everyKind() {
        return Stream.of(analytics(), progress(), feedback(), facilitator(), classroom(), student());
    }

    /** A copy of the record with one field changed. */
    static SpecificRecord with(SpecificRecord record, String field, Object value) {
        SpecificRecordBase copy = (SpecificRecordBase) SpecificData.get().deepCopy(record.getSchema(), record);
        copy.put(field, value);
        return copy;
    }

    static void assertValid(SpecificRecord record) {
        assertThat(violations(record)).as("%s", record).isEmpty();
    }

    static void assertBreaks(SpecificRecord record, String reason) {
        assertThat(violations(record)).as("%s", record).containsExactly(reason);
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void wellFormedRecordOfEveryKindBreaksNoRule(SpecificRecord record) {
        assertValid(record);
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void aConsumerAcceptsAValidRecordOfEveryKindFromItsKindsTopicOnly(SpecificRecord record) {
        EventKind kind = EventKind.of(record);
        Topic other = kind.topic() == Topic.ROSTER ? Topic.ANALYTICS : Topic.ROSTER;

        assertThat(RecordRules.refusal(record, kind.topic().topicName())).isEmpty();
        assertThat(RecordRules.refusal(record, other.topicName()))
                .contains("%s belongs on %s, not on %s"
                        .formatted(record.getSchema().getName(), kind.topic().topicName(), other.topicName()));
    }

    @Test
    void aConsumerRefusesAMisplacedRecordForItsTopicFirstThenForEveryRuleItBreaks() {
        SpecificRecord broken = with(with(progress(), "lessonId", 13), "score", 101);

        assertThat(RecordRules.refusal(broken, Topic.PROGRESS.topicName()))
                .contains("lessonId: must be an integer from 1 to 12; score: must be an integer from 0 to 100");
        assertThat(RecordRules.refusal(broken, Topic.FEEDBACK.topicName()))
                .contains("ProgressEvent belongs on heroes.student-progress.v1, not on heroes.student-feedback.v1");
    }

    static Stream<Arguments> idFields() {
        return Stream.of(
                Arguments.of(analytics(), "eventId"),
                Arguments.of(analytics(), "classroomId"),
                Arguments.of(analytics(), "studentId"),
                Arguments.of(progress(), "eventId"),
                Arguments.of(progress(), "classroomId"),
                Arguments.of(progress(), "studentId"),
                Arguments.of(feedback(), "eventId"),
                Arguments.of(feedback(), "classroomId"),
                Arguments.of(feedback(), "studentId"),
                Arguments.of(facilitator(), "eventId"),
                Arguments.of(facilitator(), "facilitatorId"),
                Arguments.of(classroom(), "eventId"),
                Arguments.of(classroom(), "classroomId"),
                Arguments.of(classroom(), "facilitatorId"),
                Arguments.of(student(), "eventId"),
                Arguments.of(student(), "studentId"),
                Arguments.of(student(), "classroomId"));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("idFields")
    void everyIdMustBeAUuidOfEitherCase(SpecificRecord record, String field) {
        assertValid(with(record, field, ID.toUpperCase()));
        assertBreaks(with(record, field, "not-a-uuid"), field + ": must be a UUID");
        assertBreaks(with(record, field, ID + "0"), field + ": must be a UUID");
        assertBreaks(with(record, field, ID.substring(1)), field + ": must be a UUID");
        assertBreaks(with(record, field, ID.replace('-', '_')), field + ": must be a UUID");
        assertBreaks(with(record, field, ID.substring(0, 35) + "g"), field + ": must be a UUID");
        assertBreaks(with(record, field, ID.substring(0, 35) + "\0"), field + ": must be a UUID");
        assertBreaks(with(record, field, ""), field + ": must be a UUID");
    }

    @Test
    void optionalStudentIdOfAnAnalyticsEventMayBeAbsent() {
        assertValid(with(analytics(), "studentId", null));
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void occurredAtMustLieInPostgresqlsPlausibleRange(SpecificRecord record) {
        String reason = "occurredAt: must lie between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z";
        assertValid(with(record, "occurredAt", Instant.parse("1970-01-01T00:00:00Z")));
        assertBreaks(with(record, "occurredAt", Instant.parse("1969-12-31T23:59:59.999Z")), reason);
        assertValid(with(record, "occurredAt", Instant.parse("9999-12-31T23:59:59.999Z")));
        assertBreaks(with(record, "occurredAt", Instant.parse("+10000-01-01T00:00:00Z")), reason);
    }

    @ParameterizedTest
    @MethodSource("everyKind")
    void farFutureOccurredAtIsNotARecordRuleButIngests(SpecificRecord record) {
        assertValid(with(record, "occurredAt", Instant.parse("2999-01-01T00:00:00Z")));
    }

    @Test
    void requiredFieldsLeftNullInCodeAreReported() {
        assertThat(violations(new AnalyticsEvent()))
                .containsExactly(
                        "eventId: is required",
                        "classroomId: is required",
                        "occurredAt: is required",
                        "eventType: is required",
                        "eventCategory: is required");
        assertThat(violations(new ProgressEvent()))
                .containsExactly(
                        "eventId: is required",
                        "classroomId: is required",
                        "occurredAt: is required",
                        "studentId: is required",
                        "lessonId: must be an integer from 1 to 12",
                        "completionStatus: is required");
        assertThat(violations(new FeedbackEvent()))
                .containsExactly(
                        "eventId: is required",
                        "classroomId: is required",
                        "occurredAt: is required",
                        "studentId: is required",
                        "lessonId: must be an integer from 1 to 12",
                        "feedbackType: is required");
        assertThat(violations(new FacilitatorRecord()))
                .containsExactly(
                        "eventId: is required",
                        "occurredAt: is required",
                        "facilitatorId: is required",
                        "email: is required");
        assertThat(violations(new ClassroomRecord()))
                .containsExactly(
                        "eventId: is required",
                        "occurredAt: is required",
                        "classroomId: is required",
                        "facilitatorId: is required",
                        "name: is required",
                        "classroomCode: is required",
                        "timeZone: is required");
        assertThat(violations(new StudentRecord()))
                .containsExactly(
                        "eventId: is required",
                        "occurredAt: is required",
                        "studentId: is required",
                        "classroomId: is required",
                        "anonymousId: is required");
    }

    static Stream<Arguments> nameFields() {
        return Stream.of(
                Arguments.of(analytics(), "eventType"),
                Arguments.of(analytics(), "eventCategory"),
                Arguments.of(feedback(), "feedbackType"));
    }

    @ParameterizedTest(name = "{0}.{1}")
    @MethodSource("nameFields")
    void namesMatchTheirPatternOfOneTo64Characters(SpecificRecord record, String field) {
        String reason = field + ": must match [a-z0-9_.-]{1,64}";
        assertValid(with(record, field, "a"));
        assertValid(with(record, field, "x".repeat(64)));
        assertValid(with(record, field, "lesson_2.opened-now"));
        assertBreaks(with(record, field, ""), reason);
        assertBreaks(with(record, field, "x".repeat(65)), reason);
        assertBreaks(with(record, field, "Lesson"), reason);
        assertBreaks(with(record, field, "lesson opened"), reason);
        assertBreaks(with(record, field, "lesson/opened"), reason);
        assertBreaks(with(record, field, "lesson\0"), reason);
        assertBreaks(with(record, field, "é"), reason);
    }

    @Test
    void eventValueMustBeFiniteWhenPresent() {
        assertValid(with(analytics(), "eventValue", null));
        assertValid(with(analytics(), "eventValue", Double.MAX_VALUE));
        assertValid(with(analytics(), "eventValue", -Double.MAX_VALUE));
        assertValid(with(analytics(), "eventValue", -0.0));
        assertBreaks(with(analytics(), "eventValue", Double.NaN), "eventValue: must be a finite number");
        assertBreaks(with(analytics(), "eventValue", Double.POSITIVE_INFINITY), "eventValue: must be a finite number");
        assertBreaks(with(analytics(), "eventValue", Double.NEGATIVE_INFINITY), "eventValue: must be a finite number");
    }

    static Map<String, String> entries(int count) {
        Map<String, String> properties = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            properties.put("k" + i, "v");
        }
        return properties;
    }

    @Test
    void propertiesHoldAtMostTwentyEntries() {
        assertValid(with(analytics(), "properties", null));
        assertValid(with(analytics(), "properties", Map.of()));
        assertValid(with(analytics(), "properties", entries(20)));
        assertBreaks(with(analytics(), "properties", entries(21)), "properties: must have at most 20 entries");
    }

    @Test
    void propertyKeysHaveOneTo64Characters() {
        String reason = "properties: keys must have 1 to 64 characters";
        assertValid(with(analytics(), "properties", Map.of("k".repeat(64), "v")));
        assertValid(with(analytics(), "properties", Map.of(WIDE.repeat(64), "v")));
        assertBreaks(with(analytics(), "properties", Map.of("k".repeat(65), "v")), reason);
        assertBreaks(with(analytics(), "properties", Map.of(WIDE.repeat(65), "v")), reason);
        assertBreaks(with(analytics(), "properties", Map.of("", "v")), reason);
        assertBreaks(with(analytics(), "properties", Map.of("k\0", "v")), "properties: keys " + NUL);
    }

    @Test
    void propertyValuesHaveAtMost256Characters() {
        assertValid(with(analytics(), "properties", Map.of("k", "")));
        assertValid(with(analytics(), "properties", Map.of("k", "v".repeat(256))));
        assertValid(with(analytics(), "properties", Map.of("k", WIDE.repeat(256))));
        assertBreaks(
                with(analytics(), "properties", Map.of("k", "v".repeat(257))),
                "properties.k: must have at most 256 characters");
        assertBreaks(
                with(analytics(), "properties", Map.of("k", WIDE.repeat(257))),
                "properties.k: must have at most 256 characters");
        assertBreaks(with(analytics(), "properties", Map.of("k", "v\0")), "properties.k: " + NUL);
    }

    @Test
    void everyBadPropertyEntryIsReported() {
        Map<String, String> properties = entries(21);
        properties.put("long", "v".repeat(257));
        properties.put("nul", "\0");

        assertThat(violations(with(analytics(), "properties", properties)))
                .containsExactly(
                        "properties: must have at most 20 entries",
                        "properties.long: must have at most 256 characters",
                        "properties.nul: " + NUL);
    }

    static Stream<SpecificRecord> lessonKinds() {
        return Stream.of(progress(), feedback());
    }

    @ParameterizedTest
    @MethodSource("lessonKinds")
    void lessonIdIsOneToTwelve(SpecificRecord record) {
        String reason = "lessonId: must be an integer from 1 to 12";
        assertBreaks(with(record, "lessonId", 0), reason);
        assertValid(with(record, "lessonId", 1));
        assertValid(with(record, "lessonId", 12));
        assertBreaks(with(record, "lessonId", 13), reason);
        assertBreaks(with(record, "lessonId", Integer.MIN_VALUE), reason);
    }

    @Test
    void scoreIsZeroToHundredWhenPresent() {
        String reason = "score: must be an integer from 0 to 100";
        assertValid(with(progress(), "score", null));
        assertBreaks(with(progress(), "score", -1), reason);
        assertValid(with(progress(), "score", 0));
        assertValid(with(progress(), "score", 100));
        assertBreaks(with(progress(), "score", 101), reason);
    }

    @Test
    void timeSpentSecondsIsNotNegativeWhenPresent() {
        assertValid(with(progress(), "timeSpentSeconds", null));
        assertBreaks(with(progress(), "timeSpentSeconds", -1L), "timeSpentSeconds: must be an integer of at least 0");
        assertValid(with(progress(), "timeSpentSeconds", 0L));
        assertValid(with(progress(), "timeSpentSeconds", Long.MAX_VALUE));
    }

    @Test
    void ratingIsOneToFiveWhenPresent() {
        String reason = "rating: must be an integer from 1 to 5";
        assertValid(with(feedback(), "rating", null));
        assertBreaks(with(feedback(), "rating", 0), reason);
        assertValid(with(feedback(), "rating", 1));
        assertValid(with(feedback(), "rating", 5));
        assertBreaks(with(feedback(), "rating", 6), reason);
    }

    static Stream<Arguments> textFields() {
        return Stream.of(
                Arguments.of(feedback(), "comment", 500),
                Arguments.of(facilitator(), "organization", 255),
                Arguments.of(classroom(), "name", 255),
                Arguments.of(classroom(), "classroomCode", 64),
                Arguments.of(student(), "anonymousId", 64));
    }

    @ParameterizedTest(name = "{0}.{1} ≤ {2}")
    @MethodSource("textFields")
    void textIsNotBlankAndHasAtMostItsLimitOfCharacters(SpecificRecord record, String field, int max) {
        String tooLong = field + ": must have at most " + max + " characters";
        assertValid(with(record, field, "x"));
        assertValid(with(record, field, "x".repeat(max)));
        assertBreaks(with(record, field, "x".repeat(max + 1)), tooLong);
        assertValid(with(record, field, WIDE.repeat(max)));
        assertBreaks(with(record, field, WIDE.repeat(max + 1)), tooLong);
        assertBreaks(with(record, field, ""), field + ": must not be blank");
        assertBreaks(with(record, field, " \t\n"), field + ": must not be blank");
        assertBreaks(with(record, field, "a\0b"), field + ": " + NUL);
    }

    @Test
    void optionalTextsMayBeAbsent() {
        assertValid(with(feedback(), "comment", null));
        assertValid(with(facilitator(), "organization", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"UTC", "Asia/Kolkata", "Asia/Kathmandu", "America/New_York", "Europe/London"})
    void aClassroomsTimeZoneIsAnIanaRegionId(String zone) {
        ClassroomRecord record = classroom();
        record.setTimeZone(zone);

        assertValid(record);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Asia/Mumbai", "+05:30", "UTC+05:30", "GMT+5", "IST", "utc", "", " "})
    void aClassroomTimeZoneThatIsNoIanaRegionIdBreaksTheRuleNamingTimeZone(String zone) {
        ClassroomRecord record = classroom();
        record.setTimeZone(zone);

        assertBreaks(record, "timeZone: " + RecordRules.TIME_ZONE_REASON);
    }

    @Test
    void emailIsAnAddressOfAtMost254Characters() {
        String local = "a".repeat(64) + "@";
        assertValid(with(facilitator(), "email", local + "b".repeat(254 - local.length())));
        assertBreaks(
                with(facilitator(), "email", local + "b".repeat(255 - local.length())),
                "email: must have at most 254 characters");
        assertValid(with(facilitator(), "email", "a@b"));
        assertBreaks(with(facilitator(), "email", "ada"), "email: must be an email address");
        assertBreaks(with(facilitator(), "email", "@example.org"), "email: must be an email address");
        assertBreaks(with(facilitator(), "email", "ada@"), "email: must be an email address");
        assertBreaks(with(facilitator(), "email", "ada@x@example.org"), "email: must be an email address");
        assertBreaks(with(facilitator(), "email", "ada lovelace@example.org"), "email: must be an email address");
        assertBreaks(with(facilitator(), "email", " "), "email: must not be blank");
        assertBreaks(with(facilitator(), "email", "ada\0@example.org"), "email: " + NUL);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void activeFlagIsFreeEitherWay(boolean active) {
        assertValid(with(facilitator(), "active", active));
        assertValid(with(classroom(), "active", active));
        assertValid(with(student(), "active", active));
    }

    @Test
    void everyBrokenFieldIsReportedInFieldOrder() {
        FeedbackEvent event = new FeedbackEvent(ID, "nope", AT, THIRD_ID, 13, "Bad Type", 0, "x".repeat(501));

        assertThat(violations(event))
                .containsExactly(
                        "classroomId: must be a UUID",
                        "lessonId: must be an integer from 1 to 12",
                        "feedbackType: must match [a-z0-9_.-]{1,64}",
                        "rating: must be an integer from 1 to 5",
                        "comment: must have at most 500 characters");
    }

    @Test
    void recordOfAnotherKindIsRefused() {
        SpecificRecord other = new SpecificRecord() {
            @Override
            public void put(int i, Object v) {}

            @Override
            public Object get(int i) {
                return null;
            }

            @Override
            public Schema getSchema() {
                return Schema.createRecord("Other", null, "org.example", false, List.of());
            }
        };

        assertThatThrownBy(() -> violations(other))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("org.example.Other");
    }
}
