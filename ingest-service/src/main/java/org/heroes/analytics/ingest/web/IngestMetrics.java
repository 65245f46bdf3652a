package org.heroes.analytics.ingest.web;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.ingest.events.Rejection;
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

    private static final Set<String> KINDS =
            Set.of("analytics", "progress", "feedback", "facilitator", "classroom", "student");
    private static final Set<String> FIELDS = knownFields();

    private final MeterRegistry meters;

    IngestMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void accepted(List<SpecificRecord> records) {
        for (SpecificRecord record : records) {
            count(kindOf(record), "accepted", "none");
        }
    }

    void rejected(List<JsonNode> items, List<Rejection> rejections) {
        for (Rejection rejection : rejections) {
            JsonNode kind = items.get(rejection.index()).path("kind");
            String kindTag = kind.isString() && KINDS.contains(kind.asString()) ? kind.asString() : "unknown";
            count(kindTag, "rejected", reasonOf(rejection));
        }
    }

    private void count(String kind, String outcome, String reason) {
        meters.counter("ingest.events", "kind", kind, "outcome", outcome, "reason", reason)
                .increment();
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
        return record.getSchema().getName().replaceFirst("(Event|Record)$", "").toLowerCase(Locale.ROOT);
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
