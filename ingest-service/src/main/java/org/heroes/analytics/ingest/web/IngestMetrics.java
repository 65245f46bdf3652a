package org.heroes.analytics.ingest.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.eventsjson.Rejection;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.FacilitatorRecord;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Counts answered items as {@code ingest.events{kind, outcome, reason}}: {@code outcome} is
 * {@code accepted} or {@code rejected}, {@code reason} the field of a rejected item's first error
 * ({@code none} when accepted). Tag values come from fixed sets only ({@code unknown}, {@code unknown_field}
 * otherwise), so a hostile client cannot grow the number of series.
 */
@Component
class IngestMetrics {

    private static final Map<Class<?>, String> KIND_OF_RECORD = Map.of(
            AnalyticsEvent.class, "analytics",
            ProgressEvent.class, "progress",
            FeedbackEvent.class, "feedback",
            FacilitatorRecord.class, "facilitator",
            ClassroomRecord.class, "classroom",
            StudentRecord.class, "student");
    private static final Set<String> KINDS = Set.copyOf(KIND_OF_RECORD.values());
    private static final Set<String> FIELDS = knownFields();

    private final MeterRegistry meters;
    /** The counters met so far, by kind, outcome and reason: a bounded set, looked up per item. */
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    IngestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void accepted(List<SpecificRecord> records) {
        Map<String, Long> perKind = new HashMap<>();
        for (SpecificRecord record : records) {
            perKind.merge(kindOf(record), 1L, Long::sum);
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

    private static String kindOf(SpecificRecord record) {
        return KIND_OF_RECORD.getOrDefault(record.getClass(), "unknown");
    }

    private static Set<String> knownFields() {
        Set<String> fields = new HashSet<>(Set.of("kind", "item"));
        for (Schema schema : List.of(
                AnalyticsEvent.getClassSchema(),
                ProgressEvent.getClassSchema(),
                FeedbackEvent.getClassSchema(),
                FacilitatorRecord.getClassSchema(),
                ClassroomRecord.getClassSchema(),
                StudentRecord.getClassSchema())) {
            schema.getFields().forEach(field -> fields.add(field.name()));
        }
        return Set.copyOf(fields);
    }
}
