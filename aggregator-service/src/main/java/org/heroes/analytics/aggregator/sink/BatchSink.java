package org.heroes.analytics.aggregator.sink;

import java.time.Instant;
import java.util.Set;
import org.heroes.analytics.aggregator.offsets.BatchOffsets;
import org.heroes.analytics.aggregator.offsets.OffsetStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a {@link SinkBatch} in one database transaction: first the compare-and-set of the batch's
 * offsets (which serialises competing consumers and refuses a stale batch), then one statement per
 * raw table, each also moving its rollup by exactly what it inserted or changed, then the classroom
 * counts and watermarks. Nothing is visible until all of it has committed, so rows, rollups and
 * offsets never disagree. Roster tombstones come first of all: each forgets its student
 * ({@link RosterTombstones}), so the offsets that consumed them commit with the forget. Records of
 * forgotten students are then dropped, inside the transaction ({@link ForgottenStudents}). Failures
 * propagate as Spring's {@code DataAccessException}s for the caller to classify with
 * {@link WriteFailures}; the transaction is rolled back first.
 */
@Component
public class BatchSink {

    private final TransactionTemplate transaction;
    private final OffsetStore offsets;
    private final AnalyticsEventWriter analytics;
    private final ProgressWriter progress;
    private final FeedbackWriter feedback;
    private final FacilitatorWriter facilitators;
    private final ClassroomWriter classrooms;
    private final StudentWriter students;
    private final ClassroomRollupWriter classroomRollup;
    private final WatermarkWriter watermarks;
    private final ForgottenStudents forgotten;
    private final RosterTombstones tombstones;

    BatchSink(
            PlatformTransactionManager transactionManager,
            OffsetStore offsets,
            AnalyticsEventWriter analytics,
            ProgressWriter progress,
            FeedbackWriter feedback,
            FacilitatorWriter facilitators,
            ClassroomWriter classrooms,
            StudentWriter students,
            ClassroomRollupWriter classroomRollup,
            WatermarkWriter watermarks,
            ForgottenStudents forgotten,
            RosterTombstones tombstones) {
        this.transaction = new TransactionTemplate(transactionManager);
        this.offsets = offsets;
        this.analytics = analytics;
        this.progress = progress;
        this.feedback = feedback;
        this.facilitators = facilitators;
        this.classrooms = classrooms;
        this.students = students;
        this.classroomRollup = classroomRollup;
        this.watermarks = watermarks;
        this.forgotten = forgotten;
        this.tombstones = tombstones;
    }

    /**
     * Writes the batch and its offsets and commits.
     *
     * @return what the batch inserted, and what it held that was already stored
     * @throws org.heroes.analytics.aggregator.offsets.StaleBatchException if the stored offsets are
     *     past the batch (nothing is written)
     */
    public WriteResult write(SinkBatch batch, BatchOffsets batchOffsets) {
        return transaction.execute(status -> {
            tombstones.applyFirstInTransaction(batch.rosterTombstones());
            if (!batchOffsets.isEmpty()) {
                offsets.advance(batchOffsets);
            }
            return writeRows(batch);
        });
    }

    /**
     * Writes the batch and commits, moving no stored offsets: for a replay, which re-reads a range in a
     * consumer group of its own. Safe beside the live consumer because every write is idempotent
     * (events {@code ON CONFLICT DO NOTHING}, progress and roster latest-wins), so records already
     * stored change nothing and count nowhere.
     */
    public WriteResult writeWithoutOffsets(SinkBatch batch) {
        return transaction.execute(status -> {
            tombstones.applyFirstInTransaction(batch.rosterTombstones());
            return writeRows(batch);
        });
    }

    /**
     * Writes the batch without offsets and always rolls it back, answering what a commit would have
     * done: a replay's dry run, exact about what would be inserted and what is already stored.
     */
    public WriteResult dryRun(SinkBatch batch) {
        return transaction.execute(status -> {
            status.setRollbackOnly();
            tombstones.applyFirstInTransaction(batch.rosterTombstones());
            return writeRows(batch);
        });
    }

    /**
     * Writes the batch without offsets and rolls it back whatever happens: answers normally if the
     * database would take it, throws what it refuses it with otherwise. Used to find, record by
     * record, the one a batch statement failed on.
     */
    public void probe(SinkBatch batch) {
        transaction.executeWithoutResult(status -> {
            status.setRollbackOnly();
            tombstones.applyFirstInTransaction(batch.rosterTombstones());
            writeRows(batch);
        });
    }

    private WriteResult writeRows(SinkBatch consumed) {
        if (consumed.size() == 0) {
            return new WriteResult(0, 0, null);
        }
        // records of forgotten students are dropped here, in the transaction (ADR 0011); the watermarks
        // still move for everything consumed
        SinkBatch batch = forgotten.drop(consumed);
        facilitators.write(batch.facilitators());
        classrooms.write(batch.classrooms());
        Set<String> rosterChanged = students.write(batch.students());
        int inserted = analytics.write(batch.analytics());
        ProgressChanges progressChanges = progress.write(batch.progress());
        inserted += feedback.write(batch.feedback());
        classroomRollup.recount(rosterChanged, progressChanges.completionChanged());
        Instant newest = watermarks.advance(consumed);
        int events = batch.analytics().size() + batch.feedback().size();
        return new WriteResult(inserted, events - inserted, newest);
    }
}
