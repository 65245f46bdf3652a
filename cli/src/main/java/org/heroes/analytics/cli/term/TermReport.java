package org.heroes.analytics.cli.term;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
                QueryChecker.ClassroomView before = views.get(classroom.id());
                if (before != null && isComplete(classroom, before)) {
                    landed++; // what has landed stays: only the others are asked again
                    continue;
                }
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

    /**
     * Prints the classrooms and what the term's unusual clients did; true when every classroom is exactly as
     * expected and the service warned about the newer app's field once per event it sent, and about nothing else.
     *
     * @param warnings the warnings the service gave, over the whole term
     * @param warned the fields they named
     */
    boolean printTable(long warnings, Set<String> warned) {
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
        allExact &= printClients(warnings, warned);
        out.println(
                allExact
                        ? "Every classroom's counts and averages equal what was sent."
                        : "Some classrooms differ from what was sent.");
        return allExact;
    }

    /**
     * The offline classroom, the newer app, the fast clock and the first classrooms' zones, each in a line; true
     * when the warnings are right.
     */
    private boolean printClients(long warnings, Set<String> warned) {
        SchoolTerm.Clients clients = term.clients();
        out.printf(
                "%nOffline %d days (%s): %,d events from %s synced late, after everything else, all counted%n",
                SchoolTerm.OFFLINE.toDays(), clients.offline().name(), clients.offlineEvents(), term.from());
        boolean warningsRight =
                warnings == clients.newerAppEvents() && warned.equals(Set.of(SchoolTerm.NEWER_APP_FIELD));
        out.printf(
                "Newer app (%s, a tablet adding \"%s\"): %,d events accepted, %,d warnings naming %s, the field dropped%s%n",
                clients.newerApp().name(),
                SchoolTerm.NEWER_APP_FIELD,
                clients.newerAppEvents(),
                warnings,
                warned,
                warningsRight ? "" : " - DIFFERS: one warning per event expected");
        out.printf(
                "Fast clock (%s, a tablet %s ahead, occurredAt and sentAt): %,d events corrected by the service,"
                        + " counted in the hours they happened%n",
                clients.fastClock().name(), SchoolTerm.CLOCK_AHEAD.toHours() + " h", clients.fastClockEvents());
        out.printf(
                "Time zones: %s: day buckets from each classroom's local midnight%n",
                String.join(
                        ", ",
                        term.classrooms().stream()
                                .limit(SchoolTerm.ZONES.size())
                                .map(c -> c.name() + " " + c.zone().getId() + " ("
                                        + c.zone().getRules().getOffset(term.from()) + ")")
                                .toList()));
        return warningsRight;
    }

    private boolean isComplete(SchoolTerm.Classroom classroom, QueryChecker.ClassroomView view) {
        Expected expected = term.expected();
        return view.mismatches().isEmpty()
                && view.analyticsEvents() == expected.analyticsCount(classroom.id())
                && view.studentCount() == expected.studentCount(classroom.id())
                && view.activeStudents() == expected.activeStudentCount(classroom.id());
    }
}
