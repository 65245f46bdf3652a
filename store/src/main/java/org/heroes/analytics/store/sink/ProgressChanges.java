package org.heroes.analytics.store.sink;

import java.util.LinkedHashSet;
import java.util.Set;

/** What a batch's progress upsert changed: how many rows, and whose "completed" status moved. */
final class ProgressChanges {

    private int rows;
    private final Set<String> completionChanged = new LinkedHashSet<>();

    void add(String studentId, boolean touchesCompleted) {
        rows++;
        if (touchesCompleted) {
            completionChanged.add(studentId);
        }
    }

    int rows() {
        return rows;
    }

    /** Students whose change entered or left the completed status: their classroom's counts may move. */
    Set<String> completionChanged() {
        return Set.copyOf(completionChanged);
    }
}
