package org.heroes.analytics.store.replay;

import java.util.concurrent.atomic.AtomicLong;
import org.heroes.analytics.store.batch.BatchOutcome;

/** The counts of a running replay, added to by every consumer thread. */
final class ReplayTally {

    private final AtomicLong covered = new AtomicLong();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong inserted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong latestWins = new AtomicLong();
    private final AtomicLong held = new AtomicLong();

    void add(BatchOutcome outcome) {
        long events = outcome.written().eventsInserted() + outcome.written().duplicatesSkipped();
        read.addAndGet(outcome.read());
        inserted.addAndGet(outcome.written().eventsInserted());
        duplicates.addAndGet(outcome.written().duplicatesSkipped());
        deadLettered.addAndGet(outcome.deadLettered());
        held.addAndGet(outcome.written().held());
        latestWins.addAndGet(
                outcome.read() - outcome.deadLettered() - outcome.written().held() - events);
    }

    void covered(long offsets) {
        covered.addAndGet(offsets);
    }

    long covered() {
        return covered.get();
    }

    ReplaySummary summary(boolean dryRun, double seconds) {
        return new ReplaySummary(
                dryRun,
                read.get(),
                inserted.get(),
                duplicates.get(),
                deadLettered.get(),
                latestWins.get(),
                held.get(),
                seconds);
    }
}
