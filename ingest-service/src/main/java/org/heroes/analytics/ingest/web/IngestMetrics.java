package org.heroes.analytics.ingest.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.eventsjson.Rejection;
import org.heroes.analytics.eventsjson.Warning;
import org.heroes.analytics.schemas.EventKind;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Counts answered items as {@code ingest.events{kind, outcome, reason}}: {@code outcome} is
 * {@code accepted} or {@code rejected}, {@code reason} the field of a rejected item's first error
 * ({@code none} when accepted). Tag values come from fixed sets only ({@code unknown}, {@code unknown_field}
 * otherwise), so a hostile client cannot grow the number of series.
 *
 * <p>And the unknown fields dropped from accepted events, as {@code ingest.unknown.fields{kind, field}}, so an
 * operator sees which fields newer apps send before the service knows them. A field name is the client's input:
 * it becomes a tag only if it looks like a field name ({@value #FIELD_TAG_SHAPE}) and is one of the first
 * {@value #MAX_FIELD_TAGS} such names this process met; every other name counts as {@value #OTHER}. So the series
 * stay at most {@value #MAX_FIELD_TAGS} + 1 per kind whatever clients send (docs/adr/0024).
 */
@Component
class IngestMetrics {

    private static final Set<String> KINDS =
            Arrays.stream(EventKind.values()).map(EventKind::kindName).collect(Collectors.toUnmodifiableSet());
    private static final Set<String> FIELDS = knownFields();

    /** The distinct unknown field names counted under their own tag, per process. */
    static final int MAX_FIELD_TAGS = 50;

    static final String FIELD_TAG_SHAPE = "[A-Za-z][A-Za-z0-9_]{0,39}";
    static final String OTHER = "other";
    private static final Pattern FIELD_TAG = Pattern.compile(FIELD_TAG_SHAPE);

    private final MeterRegistry meters;
    /** The counters met so far, by kind, outcome and reason: a bounded set, looked up per item. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();
    /** The unknown fields' counters, by kind and field tag: at most 3 × ({@value #MAX_FIELD_TAGS} + 1). */
    private final Map<List<String>, Counter> unknownFieldCounters = new ConcurrentHashMap<>();
    /** The names admitted as tags so far, at most {@value #MAX_FIELD_TAGS}. */
    private final Set<String> fieldTags = ConcurrentHashMap.newKeySet();

    IngestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void accepted(List<SpecificRecord> records) {
        Map<String, Long> perKind = new HashMap<>();
        for (SpecificRecord record : records) {
            perKind.merge(EventKind.of(record).kindName(), 1L, Long::sum);
        }
        perKind.forEach((kind, count) -> counter(kind, "accepted", "none").increment(count));
    }

    void rejected(List<JsonNode> items, List<Rejection> rejections) {
        for (Rejection rejection : rejections) {
            JsonNode kind = items.get(rejection.index()).path("kind");
            String kindTag = kind.isString() && KINDS.contains(kind.asString()) ? kind.asString() : "unknown";
            counter(kindTag, "rejected", reasonOf(rejection)).increment();
        }
    }

    /** Counts the dropped fields of accepted events, by kind and (bounded) name. */
    void unknownFields(List<Warning> warnings) {
        for (Warning warning : warnings) {
            String kind = KINDS.contains(warning.kind()) ? warning.kind() : "unknown";
            warning.fields().forEach(name -> unknownField(kind, fieldTag(name)).increment());
            if (warning.count() > warning.fields().size()) {
                unknownField(kind, OTHER)
                        .increment(warning.count() - warning.fields().size());
            }
        }
    }

    private Counter unknownField(String kind, String field) {
        return unknownFieldCounters.computeIfAbsent(
                List.of(kind, field),
                key -> Counter.builder("ingest.unknown.fields")
                        .description("fields an accepted event carried that its kind does not have, dropped")
                        .tag("kind", kind)
                        .tag("field", field)
                        .register(meters));
    }

    /** The name itself if it has a field's shape and is admitted (one of the first names met), else {@code other}. */
    private String fieldTag(String name) {
        if (fieldTags.contains(name)) {
            return name;
        }
        if (!FIELD_TAG.matcher(name).matches()) {
            return OTHER;
        }
        synchronized (fieldTags) {
            if (fieldTags.size() >= MAX_FIELD_TAGS) {
                return OTHER;
            }
            fieldTags.add(name);
            return name;
        }
    }

    private Counter counter(String kind, String outcome, String reason) {
        return counters.computeIfAbsent(
                List.of(kind, outcome, reason),
                key -> meters.counter("ingest.events", "kind", kind, "outcome", outcome, "reason", reason));
    }

    private static String reasonOf(Rejection rejection) {
        if (rejection.errors().isEmpty()) {
            return "unknown";
        }
        String error = rejection.errors().get(0);
        int colon = error.indexOf(": ");
        String path = colon < 0 ? error : error.substring(0, colon);
        int dot = path.indexOf('.');
        String field = dot < 0 ? path : path.substring(0, dot);
        return FIELDS.contains(field) ? field : "unknown_field";
    }

    private static Set<String> knownFields() {
        Set<String> fields = new HashSet<>(Set.of("kind", "item", "sentAt"));
        for (EventKind kind : EventKind.values()) {
            kind.schema().getFields().forEach(field -> fields.add(field.name()));
        }
        return Set.copyOf(fields);
    }
}
