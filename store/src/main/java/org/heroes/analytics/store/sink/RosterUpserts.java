package org.heroes.analytics.store.sink;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.heroes.analytics.store.sink.LatestWins.Winner;

/**
 * The one rule all roster upserts share. The roster tables have no event id column, so a tie on
 * {@code occurredAt} cannot be broken by event id as progress is. Instead the first record applied
 * keeps the row (the SQL updates only when {@code t.updated_at < EXCLUDED.updated_at}), and within a
 * batch the earlier record (lower offset) stays. Records of one entity share a key and so a
 * partition, so "first in offset order among the latest" is what every replay computes too, wherever
 * batch boundaries fall.
 */
final class RosterUpserts {

    private RosterUpserts() {}

    static <T> List<Winner<T>> latestPerEntity(
            List<T> records, Function<T, String> id, Function<T, Instant> occurredAt) {
        return LatestWins.perKey(
                records, r -> SqlArrays.canonicalUuid(id.apply(r)), occurredAt, LatestWins.keepFirst());
    }
}
