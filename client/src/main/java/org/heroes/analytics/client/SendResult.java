package org.heroes.analytics.client;

import java.util.List;

/**
 * What became of the events of one {@link IngestClient#sendEvents} call: every event is either counted
 * in {@code accepted} (Kafka acknowledged it) or listed in {@code rejected}.
 *
 * @param accepted how many events the service accepted
 * @param rejected the events it refused, with their index in the caller's list and the reasons
 * @param retries how many requests were repeated (network errors, 503, 429) before they were answered
 * @param warnings the accepted events whose fields the service did not know, and dropped (never stored)
 */
public record SendResult(long accepted, List<RejectedEvent> rejected, int retries, List<EventWarnings> warnings) {

    public SendResult {
        rejected = List.copyOf(rejected);
        warnings = List.copyOf(warnings);
    }
}
