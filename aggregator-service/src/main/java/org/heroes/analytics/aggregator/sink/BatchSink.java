package org.heroes.analytics.aggregator.sink;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a {@link SinkBatch} in one database transaction: one statement per table, nothing visible
 * until all of them have succeeded. Failures propagate as Spring's {@code DataAccessException}s for
 * the caller to classify with {@link WriteFailures}; the transaction is rolled back first.
 *
 * <p>Exactly-once (offsets stored in this same transaction) and rollups belong here in the next
 * step; the writes are already idempotent, so redelivery is harmless without them.
 */
@Component
public class BatchSink {

    private final TransactionTemplate transaction;
    private final AnalyticsEventWriter analytics;
    private final ProgressWriter progress;
    private final FeedbackWriter feedback;
    private final FacilitatorWriter facilitators;
    private final ClassroomWriter classrooms;
    private final StudentWriter students;

    BatchSink(
            PlatformTransactionManager transactionManager,
            AnalyticsEventWriter analytics,
            ProgressWriter progress,
            FeedbackWriter feedback,
            FacilitatorWriter facilitators,
            ClassroomWriter classrooms,
            StudentWriter students) {
        this.transaction = new TransactionTemplate(transactionManager);
        this.analytics = analytics;
        this.progress = progress;
        this.feedback = feedback;
        this.facilitators = facilitators;
        this.classrooms = classrooms;
        this.students = students;
    }

    /** Writes the batch and commits; returns how many rows were inserted or changed. */
    public int write(SinkBatch batch) {
        if (batch.size() == 0) {
            return 0;
        }
        Integer changed = transaction.execute(status -> facilitators.write(batch.facilitators())
                + classrooms.write(batch.classrooms())
                + students.write(batch.students())
                + analytics.write(batch.analytics())
                + progress.write(batch.progress())
                + feedback.write(batch.feedback()));
        return changed == null ? 0 : changed;
    }
}
