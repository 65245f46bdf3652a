package org.heroes.analytics.store.rollups;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.support.SqlArrayValue;

/**
 * The named parameters every rebuild statement takes: {@code everyClassroom} (boolean), {@code
 * classrooms} ({@code uuid[]}, empty when every classroom), {@code hourFrom} and {@code hourTo} (text
 * cast to {@code timestamptz}, whole UTC hours, {@code -infinity}/{@code infinity} when open; never before
 * the retention horizon's hour). Each
 * statement gets a fresh map: an {@link SqlArrayValue} holds the JDBC array it made.
 */
final class ScopeParameters {

    private ScopeParameters() {}

    /**
     * @param notBefore the first hour whose raw rows are all still kept (the retention horizon ceiled to its
     *     hour), or {@code null} if nothing was ever deleted: {@code hourFrom} is raised to it, so hours before
     *     it are neither compared, deleted nor derived (their raw rows are gone; ADR 0012)
     */
    static Map<String, Object> of(RebuildScope scope, Instant notBefore) {
        Instant hourFrom = scope.hourFrom();
        if (notBefore != null && (hourFrom == null || hourFrom.isBefore(notBefore))) {
            hourFrom = notBefore;
        }
        return Map.of(
                "everyClassroom", scope.everyClassroom(),
                "classrooms",
                        new SqlArrayValue(
                                "uuid",
                                scope.classrooms().stream().map(UUID::toString).toArray()),
                "hourFrom", bound(hourFrom, "-infinity"),
                "hourTo", bound(scope.hourTo(), "infinity"));
    }

    private static String bound(Instant hour, String open) {
        return hour == null ? open : hour.toString();
    }
}
