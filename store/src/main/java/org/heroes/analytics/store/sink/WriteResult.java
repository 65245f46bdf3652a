package org.heroes.analytics.store.sink;

import java.time.Instant;

/**
 * What one batch write did.
 *
 * @param eventsInserted analytics and feedback events inserted
 * @param duplicatesSkipped analytics and feedback events of the batch already stored (a client's
 *     retry, or a redelivery): counted nowhere
 * @param newestOccurredAt the newest {@code occurredAt} among the batch's events written, or {@code null}
 *     if it wrote none (what the classroom watermarks moved towards)
 * @param held events held until the roster names their student (ADR 0021): not written, not counted
 * @param refused events dead-lettered because their student is rostered in another classroom (the batch's own
 *     and held ones its roster records released)
 */
public record WriteResult(int eventsInserted, int duplicatesSkipped, Instant newestOccurredAt, int held, int refused) {}
