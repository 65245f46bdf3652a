package org.heroes.analytics.store.replay;

/**
 * What a replay did (or, in a dry run, would have done).
 *
 * @param read records read in the range
 * @param inserted analytics and feedback events inserted (counted into the rollups)
 * @param duplicatesSkipped analytics and feedback events already stored: changed nothing
 * @param deadLettered records sent to a dead-letter topic (undecodable, invalid, refused by the
 *     database for their own data, or naming a student rostered in another classroom)
 * @param latestWins progress and roster records, applied where newer than the stored state (latest
 *     {@code occurredAt} wins) and otherwise changing nothing
 * @param held events of students on no roster yet, held until the roster names them (ADR 0021); an
 *     event held before is held once
 * @param seconds time spent reading and writing
 */
public record ReplaySummary(
        boolean dryRun,
        long read,
        long inserted,
        long duplicatesSkipped,
        long deadLettered,
        long latestWins,
        long held,
        double seconds) {

    /** Records read per second. */
    public double rate() {
        return seconds <= 0 ? 0 : read / seconds;
    }
}
