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
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.rules.RecordRules;
import tools.jackson.databind.JsonNode;

/**
 * Maps the items of a batch to Avro records, each on its own: a valid item becomes its record, an
 * invalid one a {@link Rejection} listing every field that is wrong, whether it could not be read
 * ({@link Fields}) or breaks a value rule of contract §2 ({@link RecordRules}, which the aggregator
 * applies too). The {@code kind} of an item picks its mapper; {@link #events} knows the client events of the
 * live API, {@link #history} the same events for the backfill, {@link #roster} the roster records. Thread-safe.
 *
 * <p>The rules of issue 18 (docs/adr/0024-late-events-unknown-fields-and-clock-skew.md), so that clients lose
 * nothing:
 *
 * <ul>
 *   <li><b>Late events</b> are taken up to the retention age: an event whose {@code occurredAt} lies before the
 *       retention horizon ({@code now - retentionAge}) is rejected, naming the horizon; the aggregator would skip
 *       it, and raw events that old are deleted. Roster records carry the state of an entity, not a moment of a
 *       term, and have no such bound.
 *   <li><b>Unknown fields</b> of an event are dropped before its record is built, so nothing unvalidated is ever
 *       published or stored, and named in a {@link Warning}; they never cost the event. A roster record or a
 *       backfill line with an unknown field is rejected instead: the roster comes from the main app, whose
 *       misspelt optional field (a {@code timezone}) would otherwise be lost without anyone noticing, and a file's
 *       reject file is the only place its operator would see one.
 *   <li><b>The sender's clock</b>: a batch may say when its sender sent it ({@code sentAt}, by the sender's clock);
 *       when that clock is more than {@link #CLOCK_TOLERANCE} off the server's, every {@code occurredAt} of the
 *       batch is moved by the difference before the other rules apply. A clock further off than the retention
 *       age cannot be told from a broken one: every item of such a batch is rejected, naming {@code sentAt}.
 * </ul>
 *
 * <p>An item with an unknown {@code kind} is rejected on its own (the rest of the batch still counts).
 */
public final class RecordMapper {

    /**
     * A sender's clock this close to the server's is taken as right: its events keep their times. Covers the
     * request's time in transit (which makes a right clock look slow) and clocks kept by NTP; a correction below
     * it would move right events across hour boundaries for nothing.
     */
    public static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);

    private static final String KIND = "kind";
    private static final String SENT_AT = "sentAt";
    private static final int MAX_UNKNOWN_REPORTED = 5;

    private final Map<String, KindMapper> mappers = new LinkedHashMap<>();
    private final Clock clock;
    private final Duration maxFutureSkew;
    /** How far in the past an {@code occurredAt} may lie (the retention age), or {@code null}: no bound. */
    private final Duration maxAge;
    /** Whether unknown fields are dropped with a warning (live events) or reject their item (roster, backfill). */
    private final boolean dropUnknownFields;

    private RecordMapper(
            Clock clock, Duration maxFutureSkew, Duration maxAge, boolean dropUnknownFields, EventKind.Family family) {
        this.clock = clock;
        this.maxFutureSkew = maxFutureSkew;
        this.maxAge = maxAge;
        this.dropUnknownFields = dropUnknownFields;
        for (EventKind kind : EventKind.inFamily(family)) {
            this.mappers.put(kind.kindName(), KindMapper.of(kind));
        }
    }

    /**
     * The mapper of client events ({@code analytics}, {@code progress}, {@code feedback}) of {@code POST
     * /v1/events}; {@link #history} is the backfill's, the same validator (docs/adr/0007).
     *
     * @param maxFutureSkew how far in the future an {@code occurredAt} may lie (after the clock correction)
     * @param retentionAge how far in the past an {@code occurredAt} may lie: {@code HEROES_RETENTION_AGE}, the
     *     aggregator's {@code aggregator.retention.age}
     */
    public static RecordMapper events(Clock clock, Duration maxFutureSkew, Duration retentionAge) {
        return new RecordMapper(clock, maxFutureSkew, retentionAge, true, EventKind.Family.EVENT);
    }

    /**
     * The mapper of the backfill ({@code heroes backfill}): the kinds and every rule of {@link #events}, except that
     * a field the kind does not have rejects its line instead of being dropped. A file has no answer to carry a
     * warning back in; its reject file is where the operator sees a misspelt field, and a corrected file can be
     * loaded again (each {@code eventId} counts once).
     *
     * @param maxFutureSkew how far in the future an {@code occurredAt} may lie
     * @param retentionAge how far in the past an {@code occurredAt} may lie (the aggregator's retention age)
     */
    public static RecordMapper history(Clock clock, Duration maxFutureSkew, Duration retentionAge) {
        return new RecordMapper(clock, maxFutureSkew, retentionAge, false, EventKind.Family.EVENT);
    }

    /** The mapper of {@code POST /v1/roster}: kinds {@code facilitator}, {@code classroom}, {@code student}. */
    public static RecordMapper roster(Clock clock, Duration maxFutureSkew) {
        return new RecordMapper(clock, maxFutureSkew, null, false, EventKind.Family.ROSTER);
    }

    /** Maps every item as the sender's clock says (no {@code sentAt}: no correction); never throws for a bad item. */
    public MappedBatch map(List<JsonNode> items) {
        return map(items, null, null);
    }

    /**
     * Maps every item, correcting its {@code occurredAt} for the sender's clock; never throws for a bad item.
     *
     * @param sentAt the batch's {@code sentAt} as sent (an ISO-8601 instant by the sender's clock), or {@code null}
     *     (or JSON {@code null}) when it has none: then nothing is corrected
     * @param receivedAt when the server received the batch, by its own clock ({@code null}: now); ignored without
     *     {@code sentAt}
     */
    public MappedBatch map(List<JsonNode> items, JsonNode sentAt, Instant receivedAt) {
        Instant now = clock.instant();
        SenderClock sender = SenderClock.of(sentAt, receivedAt != null ? receivedAt : now, maxAge);
        EventTimes times = EventTimes.of(now, maxFutureSkew, maxAge, sender.correction());
        List<SpecificRecord> accepted = new ArrayList<>();
        List<Rejection> rejected = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        Set<String> classroomIds = new LinkedHashSet<>();
        for (int index = 0; index < items.size(); index++) {
            JsonNode item = items.get(index);
            if (!item.isObject()) {
                rejected.add(new Rejection(index, null, List.of("item: must be a JSON object")));
                continue;
            }
            classroomIdOf(item, classroomIds);
            if (sender.error() != null) {
                rejected.add(new Rejection(index, eventIdOf(item), List.of(SENT_AT + ": " + sender.error())));
                continue;
            }
            Fields fields = new Fields(item, times);
            KindMapper mapper = mapperFor(item, fields);
            SpecificRecord record = mapper.map(fields);
            List<String> unknown = record == null ? List.of() : unknownFields(item, fields, record.getSchema());
            if (!dropUnknownFields) {
                rejectUnknownFields(unknown, fields);
            }
            List<String> errors = errors(fields, record);
            if (!errors.isEmpty()) {
                rejected.add(new Rejection(index, eventIdOf(item), errors));
                continue;
            }
            accepted.add(record);
            if (!unknown.isEmpty()) {
                warnings.add(warning(index, record, unknown));
            }
        }
        return new MappedBatch(accepted, rejected, warnings, classroomIds, sender.correction());
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

    /**
     * The item's fields that its kind does not have, in the item's order. None when the item has no member but the
     * fields read and its {@code kind} (the usual case, told without a lookup per member).
     */
    private static List<String> unknownFields(JsonNode item, Fields fields, Schema schema) {
        if (item.size() == fields.present() + 1) {
            return List.of();
        }
        List<String> unknown = new ArrayList<>();
        for (String name : item.propertyNames()) {
            if (!name.equals(KIND) && schema.getField(name) == null) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Rejects the item for its unknown fields, naming at most {@value #MAX_UNKNOWN_REPORTED} of them. */
    private static void rejectUnknownFields(List<String> unknown, Fields fields) {
        unknown.stream()
                .limit(MAX_UNKNOWN_REPORTED)
                .forEach(name -> fields.reject(Warning.displayName(name), "is not a field of this kind"));
        if (unknown.size() > MAX_UNKNOWN_REPORTED) {
            fields.reject("(more)", (unknown.size() - MAX_UNKNOWN_REPORTED) + " more unknown fields");
        }
    }

    private static Warning warning(int index, SpecificRecord record, List<String> unknown) {
        EventKind kind = EventKind.of(record);
        return new Warning(
                index,
                kind.eventId(record),
                kind.kindName(),
                unknown.stream()
                        .limit(Warning.MAX_NAMED)
                        .map(Warning::displayName)
                        .toList(),
                unknown.size());
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
    private static final KindMapper UNKNOWN_KIND = fields -> null;

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
