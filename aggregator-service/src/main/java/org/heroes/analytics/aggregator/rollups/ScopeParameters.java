package org.heroes.analytics.aggregator.rollups;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * The named parameters every rebuild statement takes: {@code everyClassroom} (boolean), {@code
 * classrooms} ({@code uuid[]}, empty when every classroom), {@code hourFrom} and {@code hourTo} (text
 * cast to {@code timestamptz}, whole UTC hours, {@code -infinity}/{@code infinity} when open). Each
 * statement gets a fresh map: an {@link SqlArrayValue} holds the JDBC array it made.
 */
final class ScopeParameters {

    private ScopeParameters() {}

    static Map<String, Object> of(RebuildScope scope) {
        return Map.of(
                "everyClassroom", scope.everyClassroom(),
                "classrooms",
                        new SqlArrayValue(
                                "uuid",
                                scope.classrooms().stream().map(UUID::toString).toArray()),
                "hourFrom", bound(scope.hourFrom(), "-infinity"),
                "hourTo", bound(scope.hourTo(), "infinity"));
    }

    private static String bound(Instant hour, String open) {
        return hour == null ? open : hour.toString();
    }
}
