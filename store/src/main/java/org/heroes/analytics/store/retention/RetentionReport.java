package org.heroes.analytics.store.retention;

import java.time.Duration;
import java.time.Instant;

/**
 * What one retention run did (counts only: nothing that identifies a student).
 *
 * @param horizon the horizon stored after the run: raw rows before it are gone
 * @param analyticsEvents {@code analytics_events} rows deleted (those of dropped partitions included)
 * @param feedback {@code student_feedback} rows deleted
 * @param progress {@code student_progress} rows deleted (their {@code progress_rollup} counts decremented)
 * @param pending {@code pending_student_events} rows deleted: events held for a roster record that never came
 *     (ADR 0021)
 * @param batches delete statements (each its own transaction) that removed at least one row
 * @param partitionsDropped monthly partitions of {@code analytics_events} dropped whole
 * @param took the run's duration
 */
public record RetentionReport(
        Instant horizon,
        long analyticsEvents,
        long feedback,
        long progress,
        long pending,
        int batches,
        int partitionsDropped,
        Duration took) {

    public long total() {
        return analyticsEvents + feedback + progress + pending;
    }
}
