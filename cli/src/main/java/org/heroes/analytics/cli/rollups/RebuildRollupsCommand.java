package org.heroes.analytics.cli.rollups;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.heroes.analytics.cli.store.StoreContext;
import org.heroes.analytics.store.rollups.RebuildReport;
import org.heroes.analytics.store.rollups.RebuildScope;
import org.heroes.analytics.store.rollups.RollupRebuilder;
import org.heroes.analytics.store.rollups.TableReport;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Rebuilds rollups from the raw rows with the aggregator's own {@link RollupRebuilder} (ADR 0008): one transaction
 * under EXCLUSIVE locks, so readers see the old rollups or the new and live batches wait and count once. Prints per
 * table what differed and what was replaced.
 */
@Command(
        name = "rebuild-rollups",
        mixinStandardHelpOptions = true,
        description = {
            "Rebuilds analytics_hourly_rollup, feedback_hourly_rollup, progress_rollup and classroom_rollup from the"
                    + " raw rows, in one transaction as heroes_writer through PgBouncer, safely beside the live"
                    + " aggregator: readers see the old rollups or the new; live batches wait and count once.",
            "A range alone rebuilds only the hourly rollups (every classroom, those whole UTC hours); progress and"
                    + " classroom counts are rebuilt for the named classrooms, or for all when no scope is given."
                    + " Watermarks never change.",
            "Reads the aggregator's variables: HEROES_PG_HOST, HEROES_PGBOUNCER_PORT, HEROES_PG_WRITER_PASSWORD,"
                    + " HEROES_KAFKA_BOOTSTRAP."
        })
public final class RebuildRollupsCommand implements Callable<Integer> {

    @Option(
            names = "--classroom",
            paramLabel = "ID",
            description = "Only this classroom; repeat for several (default: every classroom).")
    List<UUID> classrooms = new ArrayList<>();

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description = "Hourly rollups from this UTC hour on (floored), e.g. 2026-11-25T14:20:00Z.")
    Instant from;

    @Option(
            names = "--to",
            paramLabel = "INSTANT",
            description = "Hourly rollups up to this UTC hour (ceiled), exclusive.")
    Instant to;

    @Option(names = "--dry-run", description = "Compare and report only: changes nothing, takes no lock.")
    boolean dryRun;

    @Option(names = "--verbose", description = "The aggregator's logs at INFO (default: warnings only).")
    boolean verbose;

    @Override
    public Integer call() {
        RebuildScope scope = RebuildScope.of(classrooms, from, to);
        try (ConfigurableApplicationContext context = StoreContext.start(verbose)) {
            RollupRebuilder rebuilder = context.getBean(RollupRebuilder.class);
            print(System.out, dryRun ? rebuilder.dryRun(scope) : rebuilder.rebuild(scope));
        }
        return 0;
    }

    static void print(PrintStream out, RebuildReport report) {
        out.printf(
                Locale.ROOT,
                "%s of the rollups of %s: %,d rows differed from the raw rows (%,d ms)%n",
                report.applied() ? "rebuild" : "dry run (nothing changed)",
                report.scope().describe(),
                report.differing(),
                report.took().toMillis());
        if (report.hourlyNotBefore() != null) {
            out.printf(
                    Locale.ROOT,
                    "  hourly rollups before %s left alone: the retention horizon (their raw rows are deleted;"
                            + " docs/data-retention.md)%n",
                    report.hourlyNotBefore());
        }
        out.printf(
                Locale.ROOT,
                "  %-24s %10s %10s %8s %8s %8s %10s %10s%n",
                "table",
                "stored",
                "derived",
                "wrong",
                "missing",
                "extra",
                "deleted",
                "written");
        for (TableReport table : report.tables()) {
            out.printf(
                    Locale.ROOT,
                    "  %-24s %,10d %,10d %,8d %,8d %,8d %,10d %,10d%n",
                    table.table(),
                    table.stored(),
                    table.derived(),
                    table.wrong(),
                    table.missing(),
                    table.extra(),
                    table.deleted(),
                    table.written());
        }
    }
}
