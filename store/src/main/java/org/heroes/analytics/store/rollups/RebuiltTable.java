package org.heroes.analytics.store.rollups;

import java.util.Arrays;
import java.util.List;

/**
 * The rollup tables a rebuild replaces, each with its statements, <strong>in the order the live
 * aggregator's batch transaction first writes them</strong> ({@code sink.BatchSink}: analytics,
 * progress, feedback, then the classroom recount). The rebuild locks them in this same order, so a
 * batch holding one of them never waits for a table the rebuild already holds: no deadlock.
 *
 * <p>{@code classroom_watermarks} is not here on purpose: a watermark records how far the aggregator
 * has consumed, not a sum of raw rows, and cannot be derived from them (a progress row keeps only its
 * latest event); it never goes backwards, so a rebuild must not move it.
 */
enum RebuiltTable {
    ANALYTICS_HOURLY(
            "analytics_hourly_rollup",
            true,
            AnalyticsHourlySql.LOCK,
            AnalyticsHourlySql.DIFF,
            AnalyticsHourlySql.DELETE,
            AnalyticsHourlySql.INSERT),
    PROGRESS("progress_rollup", false, ProgressSql.LOCK, ProgressSql.DIFF, ProgressSql.DELETE, ProgressSql.INSERT),
    FEEDBACK_HOURLY(
            "feedback_hourly_rollup",
            true,
            FeedbackHourlySql.LOCK,
            FeedbackHourlySql.DIFF,
            FeedbackHourlySql.DELETE,
            FeedbackHourlySql.INSERT),
    CLASSROOM_COUNTS(
            "classroom_rollup",
            false,
            ClassroomCountsSql.LOCK,
            ClassroomCountsSql.DIFF,
            ClassroomCountsSql.DELETE,
            ClassroomCountsSql.INSERT);

    final String table;
    final boolean hourly;
    final String lock;
    final String diff;
    final String delete;
    final String insert;

    RebuiltTable(String table, boolean hourly, String lock, String diff, String delete, String insert) {
        this.table = table;
        this.hourly = hourly;
        this.lock = lock;
        this.diff = diff;
        this.delete = delete;
        this.insert = insert;
    }

    /** The tables {@code scope} covers, in lock order. */
    static List<RebuiltTable> coveredBy(RebuildScope scope) {
        return Arrays.stream(values())
                .filter(t -> t.hourly || scope.coversClassroomRollups())
                .toList();
    }
}
