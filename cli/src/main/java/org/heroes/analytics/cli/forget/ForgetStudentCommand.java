package org.heroes.analytics.cli.forget;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.heroes.analytics.cli.store.StoreContext;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.store.forget.ForgetReport;
import org.heroes.analytics.store.forget.StudentForgetter;
import org.heroes.analytics.store.forget.StudentTombstones;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Forgets students for good with the aggregator's own {@link StudentForgetter} (ADR 0011): each in one
 * transaction, listed in {@code forgotten_students}, every row removed, the touched classrooms' rollups rebuilt;
 * then a tombstone for each student's key on the compacted roster topic ({@link StudentTombstones}, ADR 0022).
 * Prints per student the rows removed per table and the rollup rows changed; nothing but the anonymous id.
 */
@Command(
        name = "forget-student",
        mixinStandardHelpOptions = true,
        description = {
            "Forgets students (right to be forgotten): puts each id on forgotten_students, which the aggregator"
                    + " consults in every batch (so a replay, backfill or redrive never brings them back), deletes"
                    + " their rows from analytics_events, student_progress, student_feedback and students, and"
                    + " rebuilds the rollups of the classrooms those rows touched; one transaction per student, as"
                    + " heroes_writer through PgBouncer; then writes a tombstone for each student's key on the compacted"
                    + " roster topic, so Kafka drops the student's roster record too. Forgetting twice is harmless.",
            "Reads the aggregator's variables: HEROES_PG_HOST, HEROES_PGBOUNCER_PORT, HEROES_PG_WRITER_PASSWORD,"
                    + " HEROES_KAFKA_BOOTSTRAP."
        })
public final class ForgetStudentCommand implements Callable<Integer> {

    @Parameters(paramLabel = "STUDENT_ID", arity = "0..*", description = "The student's id (UUID); several allowed.")
    List<String> ids = new ArrayList<>();

    @Option(
            names = "--ledger",
            paramLabel = "FILE",
            description = "Append the ids to this ledger (kept beside the backups) and force it to disk, before"
                    + " the database forgets them.")
    Path ledger;

    @Option(
            names = "--reapply",
            paramLabel = "FILE",
            description = "Forget again every id of this ledger (after a restore: the restore runbook).")
    Path reapply;

    @Option(names = "--verbose", description = "The aggregator's logs at INFO (default: warnings only).")
    boolean verbose;

    @Override
    public Integer call() {
        List<UUID> named = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            named.add(StudentIds.parse(ids.get(i), "argument " + (i + 1)));
        }
        LinkedHashSet<UUID> students = new LinkedHashSet<>(named);
        if (reapply != null) {
            students.addAll(Ledger.read(reapply));
        }
        if (named.isEmpty() && reapply == null) {
            throw new IllegalArgumentException("name a STUDENT_ID or --reapply FILE (see --help)");
        }
        if (ledger != null && !named.isEmpty()) {
            Ledger.append(ledger, named);
        }
        int listedBefore = 0;
        try (ConfigurableApplicationContext context = StoreContext.start(verbose)) {
            StudentForgetter forgetter = context.getBean(StudentForgetter.class);
            for (UUID student : students) {
                ForgetReport report = forgetter.forget(student);
                listedBefore += report.alreadyListed() ? 1 : 0;
                print(System.out, report);
            }
            context.getBean(StudentTombstones.class).write(students);
            System.out.printf(
                    Locale.ROOT,
                    "%,d roster tombstone(s) written to %s, acknowledged%n",
                    students.size(),
                    Topic.ROSTER.topicName());
        }
        System.out.printf(
                Locale.ROOT,
                "%,d student(s) forgotten, %,d of them already on the list%n",
                students.size(),
                listedBefore);
        return 0;
    }

    static void print(PrintStream out, ForgetReport report) {
        out.printf(
                Locale.ROOT,
                "forgot %s%s: removed %s; rollups of %,d classroom(s) rebuilt, %,d rollup rows changed (%,d ms)%n",
                report.studentId(),
                report.alreadyListed() ? " (already on the list)" : "",
                report.removed().entrySet().stream()
                        .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                        .collect(Collectors.joining(", ")),
                report.classrooms(),
                report.rollupRowsChanged(),
                report.took().toMillis());
    }
}
