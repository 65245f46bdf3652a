package org.heroes.analytics.store.sink;

import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.store.deadletter.DeadLetter;
import org.heroes.analytics.store.drop.ExpiredEvents;
import org.heroes.analytics.store.drop.ForgottenStudents;
import org.heroes.analytics.store.offsets.BatchOffsets;
import org.heroes.analytics.store.offsets.OffsetStore;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes a {@link SinkBatch} in one database transaction: first the compare-and-set of the batch's
 * offsets (which serialises competing consumers and refuses a stale batch), then one statement per
 * raw table, each also moving its rollup by exactly what it inserted or changed, then the classroom
 * counts and watermarks. Nothing is visible until all of it has committed, so rows, rollups and
 * offsets never disagree. Roster tombstones come first of all: each forgets its student ({@link
 * RosterTombstones}), so the offsets that consumed them commit with the forget. The two drop-before-write filters
 * come next, inside the transaction: events older than the retention age ({@link ExpiredEvents}, under a lock on the
 * retention horizon that a retention run waits for, ADR 0012) and the records of forgotten students ({@link
 * ForgottenStudents}, ADR 0011); then the roster decides which events are written, held or refused ({@link
 * RosterGate}, ADR 0021). The refused ones are handed to the caller's dead-letter publisher inside the
 * transaction, after every statement and before the commit, so that a commit never loses one (ADR 0005).
 * Failures propagate as Spring's {@code DataAccessException}s for the caller to classify with {@link
 * WriteFailures}; the transaction is rolled back first.
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
    private final ExpiredEvents expired;
    private final ForgottenStudents forgotten;
    private final RosterGate roster;
    private final ProgressFollowsRoster progressFollowsRoster;
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
            ExpiredEvents expired,
            ForgottenStudents forgotten,
            RosterGate roster,
            ProgressFollowsRoster progressFollowsRoster,
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
        this.expired = expired;
        this.forgotten = forgotten;
        this.roster = roster;
        this.progressFollowsRoster = progressFollowsRoster;
        this.tombstones = tombstones;
    }

    /**
     * Writes the batch and its offsets and commits.
     *
     * @param deadLetters publishes the events the roster refused and returns once they are acknowledged; called
     *     inside the transaction, before the commit, only if there are any
     * @return what the batch inserted, and what it held that was already stored
     * @throws org.heroes.analytics.store.offsets.StaleBatchException if the stored offsets are
     *     past the batch (nothing is written)
     */
    public WriteResult write(SinkBatch batch, BatchOffsets batchOffsets, Consumer<List<DeadLetter>> deadLetters) {
        return transaction.execute(status -> {
            tombstones.applyFirstInTransaction(batch.rosterTombstones());
            if (!batchOffsets.isEmpty()) {
                offsets.advance(batchOffsets);
            }
            return writeRows(batch, deadLetters);
        });
    }

    /**
     * Writes the batch and commits, moving no stored offsets: for a replay, which re-reads a range in a
     * consumer group of its own. Safe beside the live consumer because every write is idempotent
     * (events {@code ON CONFLICT DO NOTHING}, progress and roster latest-wins, held events once per
     * event), so records already stored change nothing and count nowhere.
     *
     * @param deadLetters as for {@link #write}
     */
    public WriteResult writeWithoutOffsets(SinkBatch batch, Consumer<List<DeadLetter>> deadLetters) {
        return transaction.execute(status -> {
            tombstones.applyFirstInTransaction(batch.rosterTombstones());
            return writeRows(batch, deadLetters);
        });
    }

    /**
     * Writes the batch without offsets and always rolls it back, answering what a commit would have
     * done: a replay's dry run, exact about what would be inserted and what is already stored. The
     * events the roster would refuse are counted ({@link WriteResult#refused()}), not published.
     */
    public WriteResult dryRun(SinkBatch batch) {
        return transaction.execute(status -> {
            status.setRollbackOnly();
            tombstones.applyFirstInTransaction(batch.rosterTombstones());
            return writeRows(batch, letters -> {});
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
            writeRows(batch, letters -> {});
        });
    }

    private WriteResult writeRows(SinkBatch consumed, Consumer<List<DeadLetter>> deadLetters) {
        if (consumed.size() == 0) {
            return new WriteResult(0, 0, null, 0, 0);
        }
        // events past the retention age never come back (ADR 0012); nor do forgotten students (ADR 0011), though
        // the watermarks still move for their records
        SinkBatch current = unexpired(consumed);
        SinkBatch batch = withoutForgotten(current);
        facilitators.write(batch.facilitators());
        classrooms.write(batch.classrooms());
        // the batch's students on the roster, locked before its roster upsert (ADR 0021)
        Map<String, String> placedBefore = roster.lock(batch);
        Set<String> rosterChanged = students.write(batch.students());
        // which events the roster admits, holds or refuses; the held events its records release
        RosterVerdict verdict = roster.admit(batch, placedBefore);
        SinkBatch events = verdict.admitted();
        int inserted = analytics.write(events.analytics());
        progressFollowsRoster.move(batch.rosterStudentIds());
        ProgressChanges progressChanges = progress.write(events.progress());
        inserted += feedback.write(events.feedback());
        classroomRollup.recount(rosterChanged, progressChanges.completionChanged());
        // the watermarks move for what is in the tables now: not for held or refused events
        Instant newest = watermarks.advance(current.without(verdict.notApplied(), verdict.released()));
        if (!verdict.refused().isEmpty()) {
            deadLetters.accept(verdict.refused());
        }
        int written = events.analytics().size() + events.feedback().size();
        return new WriteResult(
                inserted,
                written - inserted,
                newest,
                verdict.held(),
                verdict.refused().size());
    }

    /**
     * {@code batch} less the events older than the retention cut-off, read in this transaction and locked until its
     * end: a retention run deletes nothing before this write commits, so it never inserts again a row a run deleted
     * (which the hourly rollups still count).
     */
    private SinkBatch unexpired(SinkBatch batch) {
        List<SpecificRecord> events = batch.events();
        List<SpecificRecord> kept = expired.dropExpired(events, Function.identity());
        if (kept.size() == events.size()) {
            return batch;
        }
        Set<SpecificRecord> gone = Collections.newSetFromMap(new IdentityHashMap<>());
        gone.addAll(events);
        kept.forEach(gone::remove);
        return batch.without(gone, List.of());
    }

    /** {@code batch} less the records of forgotten students; inside the batch's transaction. */
    private SinkBatch withoutForgotten(SinkBatch batch) {
        Set<String> gone = forgotten.among(batch.studentIds());
        if (gone.isEmpty()) {
            return batch;
        }
        SinkBatch kept = batch.withoutStudents(gone);
        forgotten.dropped(batch.size() - kept.size());
        return kept;
    }
}
