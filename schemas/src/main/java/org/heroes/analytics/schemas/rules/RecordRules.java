package org.heroes.analytics.schemas.rules;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;

/**
 * Checks a record of any of the six kinds against the value rules of contract §2 and against what
 * PostgreSQL can store: UUID ids, names, ranges, lengths (in characters, i.e. code points, as
 * PostgreSQL's {@code char_length} counts), no NUL character in any text, a plausible
 * {@code occurredAt}.
 *
 * <p>Not here: that {@code occurredAt} lies at most 5 minutes in the future. That rule depends on
 * the clock at receipt, so it is ingest-service's alone; a replay must accept what ingest once
 * accepted.
 *
 * <p>The constants are the rules' one definition; a reader of another format (the ingest JSON reader)
 * refers to them rather than repeating them.
 */
public final class RecordRules {

    /** Every id: a UUID in its 8-4-4-4-12 hexadecimal form, either case. */
    public static final Pattern UUID =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    /** {@code eventType}, {@code eventCategory}, {@code feedbackType}. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9_.-]{1,64}");

    /** A facilitator's {@code email}: one {@code @}, no white space. */
    public static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    /** {@code occurredAt}: PostgreSQL's {@code timestamptz} range, cut to what is plausible for an event. */
    public static final Instant EARLIEST_OCCURRED_AT = Instant.parse("1970-01-01T00:00:00Z");

    public static final Instant LATEST_OCCURRED_AT = Instant.parse("9999-12-31T23:59:59.999Z");

    public static final int MIN_LESSON_ID = 1;
    public static final int MAX_LESSON_ID = 12;
    public static final int MIN_SCORE = 0;
    public static final int MAX_SCORE = 100;
    public static final int MIN_RATING = 1;
    public static final int MAX_RATING = 5;
    public static final long MIN_TIME_SPENT_SECONDS = 0;

    public static final int MAX_PROPERTIES = 20;
    public static final int MAX_PROPERTY_KEY = 64;
    public static final int MAX_PROPERTY_VALUE = 256;
    public static final int MAX_COMMENT = 500;

    public static final int MAX_EMAIL = 254;
    public static final int MAX_ORGANIZATION = 255;
    public static final int MAX_CLASSROOM_NAME = 255;
    public static final int MAX_CLASSROOM_CODE = 64;
    public static final int MAX_ANONYMOUS_ID = 64;

    /** Why a classroom's {@code timeZone} is refused. */
    public static final String TIME_ZONE_REASON = "must be an IANA time zone id such as UTC or Asia/Kolkata";

    /** Indexed by an ASCII character: whether it is a hexadecimal digit, either case. */
    private static final boolean[] HEX_DIGIT = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            HEX_DIGIT[c] = true;
        }
        for (char c = 'a'; c <= 'f'; c++) {
            HEX_DIGIT[c] = true;
            HEX_DIGIT[Character.toUpperCase(c)] = true;
        }
    }

    private RecordRules() {}

    /**
     * Whether the text matches {@link #UUID}, checked without a regex engine: ids are on every hot path. The dashes
     * first, then the 32 hexadecimal digits by table.
     */
    public static boolean isUuid(CharSequence text) {
        return text.length() == 36
                && text.charAt(8) == '-'
                && text.charAt(13) == '-'
                && text.charAt(18) == '-'
                && text.charAt(23) == '-'
                && isHex(text, 0, 8)
                && isHex(text, 9, 13)
                && isHex(text, 14, 18)
                && isHex(text, 19, 23)
                && isHex(text, 24, 36);
    }

    /** Whether every character of {@code text[from, to)} is a hexadecimal digit, either case. */
    private static boolean isHex(CharSequence text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c >= HEX_DIGIT.length || !HEX_DIGIT[c]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the text is a region id of the JDK's time-zone database ({@code UTC}, {@code Asia/Kolkata}, ...), spelled
     * exactly: not an offset ({@code +05:30}), not an abbreviation ({@code IST}). PostgreSQL knows the same ids (its
     * {@code classrooms_time_zone_known} check has the last word, V13).
     */
    public static boolean isTimeZone(String text) {
        return ZoneId.getAvailableZoneIds().contains(text);
    }

    /** Whether the text matches {@link #NAME}, checked without a regex engine. */
    public static boolean isName(CharSequence text) {
        int length = text.length();
        if (length < 1 || length > 64) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every rule the record breaks, as {@code "field: reason"} (e.g. {@code "lessonId: must be an
     * integer from 1 to 12"}), in the record's field order; at most one reason per field, except that
     * each bad entry of {@code properties} has its own. Empty if the record is valid. A required field
     * that is {@code null} (possible only in a record built in code) is {@code "field: is required"}.
     *
     * @throws IllegalArgumentException if the record is of no declared {@link EventKind}
     */
    public static List<String> violations(SpecificRecord record) {
        Objects.requireNonNull(record, "record");
        Violations check = new Violations();
        Violations found = switch (EventKind.of(record)) {
            case ANALYTICS -> analytics((AnalyticsEvent) record, check);
            case PROGRESS -> progress((ProgressEvent) record, check);
            case FEEDBACK -> feedback((FeedbackEvent) record, check);
            case FACILITATOR -> facilitator((FacilitatorRecord) record, check);
            case CLASSROOM -> classroom((ClassroomRecord) record, check);
            case STUDENT -> student((StudentRecord) record, check);
        };
        return found.reasons();
    }

    /**
     * Why a consumer refuses a record it read from {@code sourceTopic}: that it belongs on another kind's topic
     * ({@link EventKind#misplacement}), else every rule it breaks ({@link #violations}) joined by {@code "; "}; empty
     * when the record is accepted. The one check of every consumer of the topics: the aggregator's and the CLI's
     * dead-letter redrive (contract §2). Not the "at most 5 minutes in the future" rule: ingest's alone.
     */
    public static Optional<String> refusal(SpecificRecord record, String sourceTopic) {
        Optional<String> misplaced = EventKind.misplacement(record, sourceTopic);
        if (misplaced.isPresent()) {
            return misplaced;
        }
        List<String> violations = violations(record);
        return violations.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", violations));
    }

    private static Violations analytics(AnalyticsEvent e, Violations check) {
        check.uuid("eventId", e.getEventId());
        check.uuid("classroomId", e.getClassroomId());
        check.occurredAt("occurredAt", e.getOccurredAt());
        check.optionalUuid("studentId", e.getStudentId());
        check.name("eventType", e.getEventType());
        check.name("eventCategory", e.getEventCategory());
        check.finite("eventValue", e.getEventValue());
        check.properties("properties", e.getProperties());
        return check;
    }

    private static Violations progress(ProgressEvent e, Violations check) {
        check.uuid("eventId", e.getEventId());
        check.uuid("classroomId", e.getClassroomId());
        check.occurredAt("occurredAt", e.getOccurredAt());
        check.uuid("studentId", e.getStudentId());
        check.range("lessonId", e.getLessonId(), MIN_LESSON_ID, MAX_LESSON_ID);
        check.required("completionStatus", e.getCompletionStatus());
        check.range("score", e.getScore(), MIN_SCORE, MAX_SCORE);
        check.atLeast("timeSpentSeconds", e.getTimeSpentSeconds(), MIN_TIME_SPENT_SECONDS);
        return check;
    }

    private static Violations feedback(FeedbackEvent e, Violations check) {
        check.uuid("eventId", e.getEventId());
        check.uuid("classroomId", e.getClassroomId());
        check.occurredAt("occurredAt", e.getOccurredAt());
        check.uuid("studentId", e.getStudentId());
        check.range("lessonId", e.getLessonId(), MIN_LESSON_ID, MAX_LESSON_ID);
        check.name("feedbackType", e.getFeedbackType());
        check.range("rating", e.getRating(), MIN_RATING, MAX_RATING);
        check.optionalText("comment", e.getComment(), MAX_COMMENT);
        return check;
    }

    private static Violations facilitator(FacilitatorRecord r, Violations check) {
        check.uuid("eventId", r.getEventId());
        check.occurredAt("occurredAt", r.getOccurredAt());
        check.uuid("facilitatorId", r.getFacilitatorId());
        check.email("email", r.getEmail());
        check.optionalText("organization", r.getOrganization(), MAX_ORGANIZATION);
        return check;
    }

    private static Violations classroom(ClassroomRecord r, Violations check) {
        check.uuid("eventId", r.getEventId());
        check.occurredAt("occurredAt", r.getOccurredAt());
        check.uuid("classroomId", r.getClassroomId());
        check.uuid("facilitatorId", r.getFacilitatorId());
        check.text("name", r.getName(), MAX_CLASSROOM_NAME);
        check.text("classroomCode", r.getClassroomCode(), MAX_CLASSROOM_CODE);
        check.timeZone("timeZone", r.getTimeZone());
        return check;
    }

    private static Violations student(StudentRecord r, Violations check) {
        check.uuid("eventId", r.getEventId());
        check.occurredAt("occurredAt", r.getOccurredAt());
        check.uuid("studentId", r.getStudentId());
        check.uuid("classroomId", r.getClassroomId());
        check.text("anonymousId", r.getAnonymousId(), MAX_ANONYMOUS_ID);
        return check;
    }
}
