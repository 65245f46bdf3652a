package org.heroes.analytics.store.sink;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Picks one record per key from a batch, the way the upserts pick between a stored row and an
 * incoming one, so that no {@code INSERT ... ON CONFLICT DO UPDATE} statement meets the same key
 * twice ("command cannot affect row a second time") and the outcome does not depend on where batch
 * boundaries fall.
 */
final class LatestWins {

    /**
     * The record that wins for one key, and the earliest {@code occurredAt} seen for that key in the
     * batch (roster rows keep the least one as {@code created_at}).
     */
    record Winner<T>(T record, Instant earliestOccurredAt) {}

    private LatestWins() {}

    /**
     * One winner per key, in order of each key's first appearance. The record with the latest
     * {@code occurredAt} wins; between equal instants, the greater by {@code tieBreak} wins; where
     * {@code tieBreak} also ties, the earlier record in the list (so, the earlier offset) stays.
     */
    static <T> List<Winner<T>> perKey(
            List<T> records, Function<T, ?> key, Function<T, Instant> occurredAt, Comparator<T> tieBreak) {
        Comparator<T> order = Comparator.comparing(occurredAt).thenComparing(tieBreak);
        Map<Object, Winner<T>> winners = new LinkedHashMap<>();
        for (T record : records) {
            winners.merge(key.apply(record), new Winner<>(record, occurredAt.apply(record)), (held, candidate) -> {
                T latest = order.compare(candidate.record(), held.record()) > 0 ? candidate.record() : held.record();
                Instant earliest = candidate.earliestOccurredAt().isBefore(held.earliestOccurredAt())
                        ? candidate.earliestOccurredAt()
                        : held.earliestOccurredAt();
                return new Winner<>(latest, earliest);
            });
        }
        return new ArrayList<>(winners.values());
    }

    /** A tie-break that never prefers either record: the earlier one in the batch stays. */
    static <T> Comparator<T> keepFirst() {
        return (a, b) -> 0;
    }
}
