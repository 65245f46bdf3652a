package org.heroes.analytics.aggregator.sink;

import java.time.Instant;

/**
 * What one batch write did.
 *
 * @param eventsInserted analytics and feedback events inserted
 * @param duplicatesSkipped analytics and feedback events of the batch already stored (a client's
 *     retry, or a redelivery): counted nowhere
 * @param newestOccurredAt the newest {@code occurredAt} among the batch's events, or {@code null} if
 *     it held none (what the classroom watermarks moved towards)
 */
public record WriteResult(int eventsInserted, int duplicatesSkipped, Instant newestOccurredAt) {}
