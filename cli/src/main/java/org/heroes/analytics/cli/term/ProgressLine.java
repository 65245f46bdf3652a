package org.heroes.analytics.cli.term;

import java.io.PrintStream;

/** A one-line progress bar on the terminal: done of total, rate, time left. */
final class ProgressLine {

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final long startNanos = System.nanoTime();

    ProgressLine(PrintStream out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    void show(long done) {
        double seconds = Math.max(1e-3, (System.nanoTime() - startNanos) / 1e9);
        double rate = done / seconds;
        long eta = rate > 0 ? Math.round((total - done) / rate) : -1;
        int filled = (int) (WIDTH * Math.min(1.0, (double) done / total));
        out.printf(
                "\r%-8s [%s%s] %,9d/%,d  %,8.0f/s  ETA %3ss ",
                label,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                done,
                total,
                rate,
                eta < 0 ? "?" : Long.toString(eta));
        out.flush();
    }

    /** The last update, and a line break. */
    void finish(long done) {
        show(done);
        out.println();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
