package org.heroes.analytics.eventsjson;

import java.util.List;

/**
 * Why one item of a batch was not accepted.
 *
 * @param index the item's position in the request's array, from 0
 * @param eventId the item's {@code eventId} as sent, or {@code null} if it had none
 * @param errors one {@code "field: reason"} per problem found
 */
public record Rejection(int index, String eventId, List<String> errors) {

    public Rejection {
        errors = List.copyOf(errors);
    }
}
