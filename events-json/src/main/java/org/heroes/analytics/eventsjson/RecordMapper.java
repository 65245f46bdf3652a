package org.heroes.analytics.eventsjson;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.rules.RecordRules;
import tools.jackson.databind.JsonNode;

/**
 * Maps the items of a batch to Avro records, each on its own: a valid item becomes its record, an
 * invalid one a {@link Rejection} listing every field that is wrong, whether it could not be read
 * ({@link Fields}) or breaks a value rule of DESIGN §2 ({@link RecordRules}, which the aggregator
 * applies too). The {@code kind} of an item picks its mapper; {@link #events} knows the client events of
 * the live API, {@link #history} the same events without the live window (the backfill), {@link #roster}
 * the roster records. Thread-safe.
 *
 * <p>An item with an unknown {@code kind} is rejected on its own (the rest of the batch still counts).
 * So is an item with a field its kind does not have: a misspelt optional field would otherwise be
 * dropped without anyone noticing, and a field added to a schema reaches ingest before the apps send it.
 * Events older than the live window are rejected with a hint to send them through the backfill instead,
 * and the backfill's older than the retention age with the reason; roster records carry the state of an entity, not a moment of a term, and have no such bound.
 */
public final class RecordMapper {

    private static final String KIND = "kind";
    private static final int MAX_UNKNOWN_REPORTED = 5;

    private final Map<String, KindMapper> mappers = new LinkedHashMap<>();
    private final Clock clock;
    private final Duration maxFutureSkew;
    private final String tooLate;
    /** How far in the past an {@code occurredAt} may lie: the live window, or the backfill's retention age. */
    private final Duration maxAge;

    private final String tooOld;

    private RecordMapper(Clock clock, Duration maxFutureSkew, Duration maxAge, String tooOld, KindMapper... mappers) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
        this.tooLate = "must not lie more than " + describe(maxFutureSkew) + " in the future";
        this.maxAge = maxAge;
        this.tooOld = tooOld;
        for (KindMapper mapper : mappers) {
            this.mappers.put(mapper.kind(), mapper);
        }
    }

    /**
     * The mapper of {@code POST /v1/events}: kinds {@code analytics}, {@code progress}, {@code feedback}.
     *
     * @param maxFutureSkew how far in the future an {@code occurredAt} may lie
     * @param liveWindow how far in the past an {@code occurredAt} may lie
     */
    public static RecordMapper events(Clock clock, Duration maxFutureSkew, Duration liveWindow) {
        return new RecordMapper(
                clock,
                maxFutureSkew,
                liveWindow,
                "must not lie more than " + describe(liveWindow)
                        + " in the past (the live window); send older events through the backfill",
                new AnalyticsEventMapper(),
                new ProgressEventMapper(),
                new FeedbackEventMapper());
    }

    /**
     * The mapper of the backfill ({@code heroes backfill}): the kinds and every rule of {@link #events},
     * but no live window, since loading events older than it is what the backfill is for. Events older than
     * the retention age are refused instead: the aggregator would skip them, since raw events that old are
     * deleted and must not come back (docs/data-retention.md).
     *
     * @param maxFutureSkew how far in the future an {@code occurredAt} may lie
     * @param retentionAge the aggregator's {@code aggregator.retention.age}
     */
    public static RecordMapper history(Clock clock, Duration maxFutureSkew, Duration retentionAge) {
        return new RecordMapper(
                clock,
                maxFutureSkew,
                retentionAge,
                "must not lie more than " + describe(retentionAge)
                        + " in the past (the retention age, docs/data-retention.md): events that old are deleted"
                        + " and the aggregator skips them",
                new AnalyticsEventMapper(),
                new ProgressEventMapper(),
                new FeedbackEventMapper());
    }

    /** The mapper of {@code POST /v1/roster}: kinds {@code facilitator}, {@code classroom}, {@code student}. */
    public static RecordMapper roster(Clock clock, Duration maxFutureSkew) {
        return new RecordMapper(
                clock,
                maxFutureSkew,
                null,
                null,
                new FacilitatorRecordMapper(),
                new ClassroomRecordMapper(),
                new StudentRecordMapper());
    }

    /** Maps every item; never throws for a bad item. */
    public MappedBatch map(List<JsonNode> items) {
        Instant now = clock.instant();
        Instant latestOccurredAt = now.plus(maxFutureSkew);
        Instant earliestOccurredAt = maxAge == null ? null : now.minus(maxAge);
        List<SpecificRecord> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        Set<String> classroomIds = new LinkedHashSet<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            if (!item.isObject()) {
                rejected.add(new Rejection(index, null, List.of("item: must be a JSON object")));
                continue;
            }
            classroomIdOf(item, classroomIds);
            Fields fields = new Fields(item, latestOccurredAt, tooLate, earliestOccurredAt, tooOld);
            SpecificRecord record = mapperFor(item, fields).map(fields);
            if (record != null) {
                rejectUnknownFields(item, record.getSchema(), fields);
            }
            List<String> errors = errors(fields, record);
            if (errors.isEmpty()) {
                accepted.add(record);
            } else {
                rejected.add(new Rejection(index, eventIdOf(item), errors));
            }
        }
        return new MappedBatch(accepted, rejected, classroomIds);
    }

    /**
     * The fields that could not be read and, for the fields that could, the record's value rule
     * violations, in the record's field order ({@code kind} first).
     */
    private static List<String> errors(Fields fields, SpecificRecord record) {
        List<String> errors = new ArrayList<>(fields.errors());
        if (record == null) {
            return errors;
        }
        List<String> violations = RecordRules.violations(record);
        if (errors.isEmpty() && violations.isEmpty()) {
            return errors;
        }
        Set<String> unreadable = errors.stream().map(Fields::fieldOf).collect(Collectors.toSet());
        violations.stream()
                .filter(violation -> !unreadable.contains(Fields.fieldOf(violation)))
                .forEach(errors::add);
        Schema schema = record.getSchema();
        errors.sort(Comparator.comparingInt(reason -> {
            String name = Fields.fieldOf(reason);
            Schema.Field field = schema.getField(name);
            return field != null ? field.pos() : name.equals(KIND) ? -1 : Integer.MAX_VALUE;
        }));
        return errors;
    }

    /** Names, at most {@value #MAX_UNKNOWN_REPORTED} of them, the fields the item's kind does not have. */
    private static void rejectUnknownFields(JsonNode item, Schema schema, Fields fields) {
        int unknown = 0;
        for (String name : item.propertyNames()) {
            if (!name.equals(KIND) && schema.getField(name) == null) {
                if (unknown++ < MAX_UNKNOWN_REPORTED) {
                    fields.reject(shorten(name), "is not a field of this kind");
                }
            }
        }
        if (unknown > MAX_UNKNOWN_REPORTED) {
            fields.reject("(more)", (unknown - MAX_UNKNOWN_REPORTED) + " more unknown fields");
        }
    }

    /** A field name fit to echo back: at most 64 characters, no {@code ": "} that would confuse {@link Fields#fieldOf}. */
    private static String shorten(String name) {
        String safe = name.replace(": ", ":");
        return safe.length() <= 64 ? safe : safe.substring(0, 61) + "...";
    }

    private KindMapper mapperFor(JsonNode item, Fields fields) {
        JsonNode kind = item.get("kind");
        if (kind == null || kind.isNull()) {
            fields.reject("kind", "is required, one of " + String.join(", ", mappers.keySet()));
        } else if (!kind.isString() || !mappers.containsKey(kind.asString())) {
            fields.reject("kind", "must be one of " + String.join(", ", mappers.keySet()));
        } else {
            return mappers.get(kind.asString());
        }
        return UNKNOWN_KIND;
    }

    /** Without a known kind, no field can be read; the kind's own error is the reason. */
    private static final KindMapper UNKNOWN_KIND = new KindMapper() {
        @Override
        public String kind() {
            return "";
        }

        @Override
        public SpecificRecord map(Fields fields) {
            return null;
        }
    };

    private static String describe(Duration duration) {
        if (duration.toHoursPart() == 0
                && duration.toMinutesPart() == 0
                && duration.toSecondsPart() == 0
                && duration.toMillisPart() == 0
                && !duration.isZero()) {
            long days = duration.toDays();
            return days == 1 ? "1 day" : days + " days";
        }
        if (duration.toSecondsPart() == 0 && duration.toMillisPart() == 0 && !duration.isZero()) {
            long minutes = duration.toMinutes();
            return minutes == 1 ? "1 minute" : minutes + " minutes";
        }
        return duration.toMillis() + " ms";
    }

    private static String eventIdOf(JsonNode item) {
        JsonNode eventId = item.get("eventId");
        return eventId != null && eventId.isString() ? eventId.asString() : null;
    }

    private static void classroomIdOf(JsonNode item, Set<String> classroomIds) {
        JsonNode classroomId = item.get("classroomId");
        if (classroomId != null && classroomId.isString()) {
            String id = Fields.canonicalUuid(classroomId.asString());
            if (id != null) {
                classroomIds.add(id);
            }
        }
    }
}
