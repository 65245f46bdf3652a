package org.heroes.analytics.cli.backfill;

import java.io.PrintStream;

/**
 * The progress line on stderr, about once a second: share of the file read (by bytes, so it is right for
 * gzip too), lines done, their rate and the time left. On a terminal it redraws one line; otherwise (a
 * log) it writes a line every ten seconds.
 */
final class Progress {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private final long intervalNanos;
    private long startNanos = System.nanoTime();
    private long nextNanos;
    private boolean shown;

    Progress(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
        this.intervalNanos = terminal ? 1_000_000_000L : 10_000_000_000L;
        this.nextNanos = startNanos + intervalNanos;
    }

    /** Starts the clock again: the rate and the time left count from here (after the set-up). */
    void start() {
        startNanos = System.nanoTime();
        nextNanos = startNanos + intervalNanos;
    }

    /**
     * Shows the progress if the interval has passed since it was last shown.
     *
     * @param line the line the backfill is at
     * @param processed the lines this run validated (not those skipped on resume), for the rate
     */
    void tick(long line, long processed, long bytesRead, long fileBytes) {
        long now = System.nanoTime();
        if (now >= nextNanos) {
            nextNanos = now + intervalNanos;
            show(now, line, processed, bytesRead, fileBytes);
        }
    }

    /** Ends the progress line, if one was shown. */
    void finish(long line, long processed, long bytesRead, long fileBytes) {
        if (shown) {
            show(System.nanoTime(), line, processed, bytesRead, fileBytes);
            if (terminal) {
                out.println();
            }
        }
    }

    private void show(long now, long line, long processed, long bytesRead, long fileBytes) {
        double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
        double share = fileBytes == 0 ? 1.0 : Math.min(1.0, (double) bytesRead / fileBytes);
        String eta = share > 0 ? Math.round(seconds * (1 - share) / share) + "s" : "?";
        int filled = (int) (WIDTH * share);
        out.printf(
                "%sbackfill [%s%s] %3d%%  line %,d  %,.0f lines/s  ETA %s   %s",
                terminal ? "\r" : "",
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                Math.round(share * 100),
                line,
                processed / seconds,
                eta,
                terminal ? "" : System.lineSeparator());
        out.flush();
        shown = true;
    }
}
