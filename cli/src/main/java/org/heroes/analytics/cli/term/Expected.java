package org.heroes.analytics.cli.term;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

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
    private final Map<UUID, Integer> students = new HashMap<>();
    private final Map<UUID, Set<UUID>> activeStudents = new HashMap<>();
    private long progressEvents;
    private long feedbackEvents;

    void analytics(UUID classroomId, UUID studentId, String type, String category, Double value) {
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
