package org.heroes.analytics.client;

import java.util.List;

/**
 * An event the service refused, and why. Retrying it unchanged is pointless.
 *
 * @param index the event's position in the list given to {@link IngestClient#sendEvents}, from 0
 * @param eventId its {@code eventId} as sent, or {@code null} if it had none the service could read
 * @param errors one {@code "field: reason"} per problem
 */
public record RejectedEvent(int index, String eventId, List<String> errors) {

    public RejectedEvent {
        errors = List.copyOf(errors);
    }
}
