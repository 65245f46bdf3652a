package org.heroes.analytics.eventsjson;

import static java.util.stream.Collectors.joining;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.rules.RecordRules;
import tools.jackson.databind.JsonNode;

/**
 * Reads the JSON fields of one item into an Avro record. Each reader takes one field if it is present
 * (absent and JSON {@code null} are the same), checks its JSON type, parses UUIDs and instants, and
 * keeps the value for {@link #into}, or records a {@code "field: reason"}. Which fields are required
 * is the record schema's say; the value rules (ranges, lengths, patterns) are {@link RecordRules}',
 * which {@link RecordMapper} applies to the built record, so ingest and the aggregator refuse the same
 * values. Ingest's own rules for {@code occurredAt} (how far in the future and the past it may lie, the
 * correction for the sender's clock) are the batch's {@link EventTimes}.
 */
final class Fields {

    private final JsonNode item;
    private final EventTimes times;
    /**
     * The values read, in reading order, by field name: a pair of arrays, not a map, since a kind's mapper reads its
     * fields in the record's order and {@link #into} finds each in turn with no hash lookup (the profile of the
     * ingest benchmark showed them).
     */
    private String[] names = new String[INITIAL_FIELDS];

    private Object[] values = new Object[INITIAL_FIELDS];
    private int count;
    /** How many of the item's members were the fields read (present, JSON {@code null} included). */
    private int present;

    private final List<String> errors = new ArrayList<>();

    /** More fields than any kind has. */
    private static final int INITIAL_FIELDS = 12;

    /**
     * @param item the item's JSON object
     * @param times the batch's rules for {@code occurredAt}
     */
    Fields(JsonNode item, EventTimes times) {
        this.item = item;
        this.times = times;
    }

    /**
     * A UUID, kept in its canonical lower-case form. Whether the text is a UUID is not checked here: {@link
     * RecordRules} checks every id of the built record ({@code "field: must be a UUID"}), once; ASCII letters are
     * lower-cased whatever the text, which makes no UUID of a text that is none.
     */
    void uuid(String field) {
        read(field, JsonNode::isString, "must be a string", node -> lowerCaseAscii(node.asString()));
    }

    void text(String field) {
        read(field, JsonNode::isString, "must be a string", JsonNode::asString);
    }

    /** An ISO-8601 instant, corrected and bounded by the batch's {@link EventTimes}, at millisecond precision. */
    void occurredAt(String field) {
        read(field, JsonNode::isString, "must be a string", node -> instant(field, node.asString()));
    }

    void integer(String field) {
        read(field, node -> node.isIntegralNumber() && node.canConvertToInt(), "must be an integer", JsonNode::asInt);
    }

    void longInteger(String field) {
        read(field, node -> node.isIntegralNumber() && node.canConvertToLong(), "must be an integer", JsonNode::asLong);
    }

    void number(String field) {
        read(field, JsonNode::isNumber, "must be a number", JsonNode::asDouble);
    }

    void bool(String field) {
        read(field, JsonNode::isBoolean, "must be true or false", JsonNode::asBoolean);
    }

    /** One of the enum's constants, spelled exactly as its name. */
    <E extends Enum<E>> void enumValue(String field, Class<E> type) {
        read(field, JsonNode::isString, "must be a string", node -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equals(node.asString())) {
                    return constant;
                }
            }
            return reject(
                    field,
                    "must be one of "
                            + EnumSet.allOf(type).stream().map(Enum::name).collect(joining(", ")));
        });
    }

    /** A flat object of string values. */
    void properties(String field) {
        read(field, JsonNode::isObject, "must be an object of string values", node -> {
            Map<String, String> properties = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                if (!entry.getValue().isString()) {
                    return reject(field + "." + entry.getKey(), "must be a string");
                }
                properties.put(entry.getKey(), entry.getValue().asString());
            }
            return properties;
        });
    }

    /**
     * The record, each field holding the value read for it, else its schema default; a field that was
     * not sent and has no default is {@code "field: is required"}, one that could not be read stays unset.
     */
    <R extends SpecificRecord> R into(R record) {
        int next = 0;
        for (Schema.Field field : record.getSchema().getFields()) {
            int at = indexOf(field.name(), next);
            if (at >= 0) {
                record.put(field.pos(), values[at]);
                next = at + 1;
            } else if (field.hasDefaultValue()) {
                record.put(field.pos(), SpecificData.get().getDefaultValue(field));
            } else if (errors.stream().noneMatch(reason -> fieldOf(reason).equals(field.name()))) {
                reject(field.name(), "is required");
            }
        }
        return record;
    }

    /** Where the value of the field is, looking from {@code from} on first (the order of reading), or -1. */
    private int indexOf(String name, int from) {
        for (int i = from; i < count; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        for (int i = 0; i < from && i < count; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * How many of the item's members were among the fields read (JSON {@code null} included): an item with only
     * these and its {@code kind} has no field its kind does not know. Each field is read once ({@link KindMapper}).
     */
    int present() {
        return present;
    }

    /** The reasons of the fields that could not be read, in reading order. */
    List<String> errors() {
        return List.copyOf(errors);
    }

    /** The UUID in its canonical lower-case form, or {@code null} if the text is not a UUID. */
    static String canonicalUuid(String value) {
        return RecordRules.isUuid(value) ? lowerCaseAscii(value) : null;
    }

    /** The text with {@code A}–{@code Z} lower-cased and every other character kept; the same string if it has none. */
    static String lowerCaseAscii(String text) {
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] lower = text.toCharArray();
                for (int j = i; j < length; j++) {
                    char u = lower[j];
                    if (u >= 'A' && u <= 'Z') {
                        lower[j] = (char) (u + ('a' - 'A'));
                    }
                }
                return new String(lower);
            }
        }
        return text;
    }

    /** Records a reason against a field (or an entry of one, {@code field.key}); returns {@code null}. */
    <T> T reject(String field, String reason) {
        errors.add(field + ": " + reason);
        return null;
    }

    /**
     * Reads a field that is present (not absent, not JSON {@code null}) and of the right JSON type with
     * {@code parse}, which returns the value to keep, or {@code null} after {@link #reject rejecting} it.
     */
    private void read(String field, Predicate<JsonNode> isType, String typeReason, Function<JsonNode, ?> parse) {
        JsonNode node = item.get(field);
        if (node == null) {
            return;
        }
        present++;
        if (node.isNull()) {
            return;
        }
        Object value = isType.test(node) ? parse.apply(node) : reject(field, typeReason);
        if (value != null) {
            if (count == names.length) {
                names = Arrays.copyOf(names, 2 * count);
                values = Arrays.copyOf(values, 2 * count);
            }
            names[count] = field;
            values[count++] = value;
        }
    }

    private Instant instant(String field, String text) {
        Instant instant;
        try {
            instant = IsoInstants.parse(text);
        } catch (DateTimeParseException e) {
            return reject(field, "must be an ISO-8601 instant such as 2026-11-26T09:30:00Z");
        }
        return times.check(this, field, instant);
    }

    /** The record field a reason is about: {@code properties} for {@code properties.k: ...}. */
    static String fieldOf(String reason) {
        String path = reason.substring(0, reason.indexOf(": "));
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }
}
