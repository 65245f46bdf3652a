package org.heroes.analytics.store.replay;

/**
 * How far a running replay is, reported about four times a second.
 *
 * @param done offsets of the range covered (records read, plus the few offsets Kafka never delivers,
 *     such as transaction markers)
 * @param total offsets in the range
 * @param elapsedNanos time since reading started
 */
public record ReplayProgress(long done, long total, long elapsedNanos) {

    /** Offsets per second so far. */
    public double rate() {
        double seconds = elapsedNanos / 1e9;
        return seconds <= 0 ? 0 : done / seconds;
    }

    /** Seconds left at the rate so far, or -1 before anything was read. */
    public long etaSeconds() {
        double rate = rate();
        return rate <= 0 ? -1 : Math.round((total - done) / rate);
    }
}
