package org.heroes.analytics.cli.term;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.auth.TokenIssuer;

/** Waits until the query API shows every event of the term, then prints the classrooms as it answers them. */
final class TermReport {

    private final PrintStream out;
    private final SchoolTerm term;
    private final QueryChecker checker;
    private final Map<UUID, String> facilitatorTokens = new HashMap<>();
    private final Map<UUID, QueryChecker.ClassroomView> views = new HashMap<>();

    TermReport(PrintStream out, SchoolTerm term, TokenIssuer tokens, QueryChecker checker) {
        this.out = out;
        this.term = term;
        this.checker = checker;
        term.classrooms()
                .forEach(c -> facilitatorTokens.computeIfAbsent(
                        c.facilitatorId(), f -> tokens.facilitatorToken(f, Duration.ofHours(1))));
    }

    /** Seconds until every classroom's analytics and roster counts are exactly as sent. */
    double awaitLanded(Duration timeout) throws IOException, InterruptedException {
        ProgressLine progress =
                new ProgressLine(out, "landed", term.classrooms().size());
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int landed = 0;
            for (SchoolTerm.Classroom classroom : term.classrooms()) {
                QueryChecker.ClassroomView view =
                        checker.view(classroom, facilitatorTokens.get(classroom.facilitatorId()), term.expected());
                views.put(classroom.id(), view);
                if (isComplete(classroom, view)) {
                    landed++;
                }
            }
            progress.show(landed);
            if (landed == term.classrooms().size() || System.nanoTime() > deadline) {
                progress.finish(landed);
                return progress.elapsedSeconds();
            }
            Thread.sleep(500);
        }
    }

    /** Prints the classrooms; true when every one is exactly as expected. */
    boolean printTable() {
        out.printf("%n%-10s %-10s %8s %8s %10s  %s%n", "classroom", "code", "students", "active", "analytics", "check");
        boolean allExact = true;
        List<SchoolTerm.Classroom> classrooms = term.classrooms();
        for (SchoolTerm.Classroom classroom : classrooms) {
            QueryChecker.ClassroomView view = views.get(classroom.id());
            boolean exact = view != null && isComplete(classroom, view);
            allExact &= exact;
            out.printf(
                    "%-10s %-10s %8d %8d %,10d  %s%n",
                    classroom.name(),
                    classroom.code(),
                    view == null ? 0 : view.studentCount(),
                    view == null ? 0 : view.activeStudents(),
                    view == null ? 0 : view.analyticsEvents(),
                    exact ? "exact" : "DIFFERS " + (view == null ? "" : view.mismatches()));
        }
        out.println(
                allExact
                        ? "Every classroom's counts and averages equal what was sent."
                        : "Some classrooms differ from what was sent.");
        return allExact;
    }

    private boolean isComplete(SchoolTerm.Classroom classroom, QueryChecker.ClassroomView view) {
        Expected expected = term.expected();
        return view.mismatches().isEmpty()
                && view.analyticsEvents() == expected.analyticsCount(classroom.id())
                && view.studentCount() == expected.studentCount(classroom.id())
                && view.activeStudents() == expected.activeStudentCount(classroom.id());
    }
}
