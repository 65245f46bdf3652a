package org.heroes.analytics.cli.replay;

import java.io.PrintStream;
import java.util.Locale;
import org.heroes.analytics.store.replay.ReplayProgress;

/**
 * The replay's progress on stderr: on a terminal one bar redrawn in place; otherwise (a log file, a
 * pipe) one line per second, so logs stay readable.
 */
final class ProgressPrinter {

    private static final int WIDTH = 30;
    private static final long LINE_INTERVAL_NANOS = 1_000_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private ReplayProgress last;
    private long lastLineNanos = Long.MIN_VALUE;

    ProgressPrinter(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(ReplayProgress progress) {
        last = progress;
        if (terminal) {
            out.print("\r" + line(progress));
            out.flush();
        } else if (lastLineNanos == Long.MIN_VALUE || progress.elapsedNanos() - lastLineNanos >= LINE_INTERVAL_NANOS) {
            lastLineNanos = progress.elapsedNanos();
            out.println(line(progress));
        }
    }

    /** The last state once more, and a line break on a terminal. */
    void finish() {
        if (last == null) {
            return;
        }
        if (terminal) {
            out.println("\r" + line(last));
        } else {
            out.println(line(last));
        }
    }

    static String line(ReplayProgress progress) {
        double share = progress.total() == 0 ? 1.0 : Math.min(1.0, (double) progress.done() / progress.total());
        int filled = (int) (WIDTH * share);
        long eta = progress.etaSeconds();
        return String.format(
                Locale.ROOT,
                "replay [%s%s] %,d/%,d records  %,.0f/s  ETA %ss ",
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                progress.done(),
                progress.total(),
                progress.rate(),
                eta < 0 ? "?" : Long.toString(eta));
    }
}
