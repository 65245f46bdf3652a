package org.heroes.analytics.cli.term;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** What the query API must answer once every event of the term has landed, computed as they are made. */
final class Expected {

    /**
     * One analytics group of a classroom: count, the sum and count of values for the average, and the distinct
     * students whose events carry a value (for small-cell suppression).
     */
    static final class Group {
        long count;
        double valueSum;
        long valueCount;
        final Set<UUID> valueStudents = new HashSet<>();

        Double average() {
            return valueCount == 0 ? null : valueSum / valueCount;
        }
    }

    private final Map<UUID, Map<String, Group>> analytics = new HashMap<>();
    private final Map<UUID, List<Instant>> analyticsTimes = new HashMap<>();
    private final Map<UUID, Integer> students = new HashMap<>();
    private final Map<UUID, Set<UUID>> activeStudents = new HashMap<>();
    private long progressEvents;
    private long feedbackEvents;

    /** An analytics event at the time it truly happened (whatever its tablet's clock said). */
    void analytics(UUID classroomId, UUID studentId, String type, String category, Double value, Instant at) {
        analyticsTimes.computeIfAbsent(classroomId, k -> new ArrayList<>()).add(at);
        Group group = analytics
                .computeIfAbsent(classroomId, k -> new HashMap<>())
                .computeIfAbsent(type + "/" + category, k -> new Group());
        group.count++;
        if (value != null) {
            group.valueSum += value;
            group.valueCount++;
            if (studentId != null) {
                group.valueStudents.add(studentId);
            }
        }
    }

    void student(UUID classroomId) {
        students.merge(classroomId, 1, Integer::sum);
    }

    void completed(UUID classroomId, UUID studentId) {
        activeStudents.computeIfAbsent(classroomId, k -> new HashSet<>()).add(studentId);
    }

    void progressEvent() {
        progressEvents++;
    }

    void feedbackEvent() {
        feedbackEvents++;
    }

    Map<String, Group> analyticsOf(UUID classroomId) {
        return analytics.getOrDefault(classroomId, Map.of());
    }

    long analyticsCount(UUID classroomId) {
        return analyticsOf(classroomId).values().stream()
                .mapToLong(g -> g.count)
                .sum();
    }

    /** The classroom's analytics events per UTC hour, as the time series' {@code bucket=hour} counts them. */
    Map<Instant, Long> hourly(UUID classroomId) {
        return buckets(classroomId, at -> at.truncatedTo(ChronoUnit.HOURS));
    }

    /**
     * The classroom's analytics events per local day of its zone, each day keyed by the instant of its local
     * midnight, as the time series' {@code bucket=day} counts them.
     */
    Map<Instant, Long> daily(UUID classroomId, ZoneId zone) {
        return buckets(
                classroomId,
                at -> at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant());
    }

    private Map<Instant, Long> buckets(UUID classroomId, UnaryOperator<Instant> bucketOf) {
        Map<Instant, Long> buckets = new TreeMap<>();
        for (Instant at : analyticsTimes.getOrDefault(classroomId, List.of())) {
            buckets.merge(bucketOf.apply(at), 1L, Long::sum);
        }
        return buckets;
    }

    int studentCount(UUID classroomId) {
        return students.getOrDefault(classroomId, 0);
    }

    int activeStudentCount(UUID classroomId) {
        return activeStudents.getOrDefault(classroomId, Set.of()).size();
    }

    long progressEvents() {
        return progressEvents;
    }

    long feedbackEvents() {
        return feedbackEvents;
    }
}
