package org.heroes.analytics.client;

import java.util.List;

/**
 * An event that left the {@link Outbox} without being accepted: the service rejected it, or the queue was
 * full and it was among the oldest.
 *
 * @param eventId its {@code eventId}
 * @param json the event exactly as it was queued (and sent), for the app to keep or show
 * @param reasons why: the service's {@code "field: reason"} list, or the queue's own reason
 */
public record UndeliveredEvent(String eventId, String json, List<String> reasons) {

    public UndeliveredEvent {
        reasons = List.copyOf(reasons);
    }
}
