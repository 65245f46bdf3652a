package org.heroes.analytics.cli.backfill;

/**
 * What a backfill run did. Every line of the file is exactly one of skipped, sent, rejected or blank.
 *
 * @param lines the lines of the file
 * @param skipped lines done by an earlier run, passed over on {@code --resume}
 * @param sent lines whose event Kafka acknowledged
 * @param rejected lines written to the reject file
 * @param blank empty or white-space lines, ignored
 * @param seconds how long the run took
 */
record Summary(long lines, long skipped, long sent, long rejected, long blank, double seconds) {

    /** One line for the operator: every count, and where the rejects are. */
    String describe(String rejectFile) {
        return "lines %d: sent %d, rejected %d, blank %d, skipped (resume) %d; %.1f s; rejects in %s"
                .formatted(lines, sent, rejected, blank, skipped, seconds, rejectFile);
    }
}
