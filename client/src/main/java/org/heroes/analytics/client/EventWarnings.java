package org.heroes.analytics.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import tools.jackson.databind.JsonNode;

/**
 * An event the service <em>accepted</em> with warnings: fields it does not know (an app newer than the service),
 * which it dropped and never stored. The event counts; the app may want to know that part of it was not kept.
 *
 * @param eventId the event's {@code eventId}
 * @param warnings one {@code "field: reason"} per dropped field, as the service wrote it
 */
public record EventWarnings(String eventId, List<String> warnings) {

    public EventWarnings {
        warnings = List.copyOf(warnings);
    }

    /**
     * The answer's per-item {@code warnings} ({@code [{"index", "eventId", "warnings": [...]}]}), each item's
     * {@code eventId} taken from what was sent, where its index is one; an answer without them (an older
     * service) has none.
     *
     * @param eventIdAt the {@code eventId} of the item sent at an index of the request
     */
    static List<EventWarnings> of(JsonNode answer, int items, IntFunction<String> eventIdAt) {
        List<EventWarnings> all = new ArrayList<>();
        for (JsonNode item : answer.path("warnings")) {
            int index = item.path("index").asInt(-1);
            if (index < 0 || index >= items) {
                continue;
            }
            List<String> warnings = new ArrayList<>();
            item.path("warnings").forEach(warning -> warnings.add(warning.asString()));
            if (!warnings.isEmpty()) {
                all.add(new EventWarnings(eventIdAt.apply(index), warnings));
            }
        }
        return all;
    }
}
