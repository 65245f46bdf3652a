package org.heroes.analytics.store.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RedriveSummaryTest {

    private static final String DLT = "heroes.analytics-events.v1-dlt";

    @Test
    void stillFailingDeadLettersAreGroupedByReasonMostFrequentFirstWithBoundedExamples() {
        RedriveSummary summary = new RedriveSummary(2);
        for (int i = 0; i < 3; i++) {
            summary.examined(DLT);
            summary.failed(
                    DLT, DLT + "-0@" + i, new Verdict.Fails("unknown schema fingerprint 00000000000000ff", null));
        }
        summary.examined(DLT);
        summary.failed(DLT, DLT + "-1@9", new Verdict.Fails("lessonId: must be\nan integer", "e-1"));
        summary.examined(DLT);
        summary.passed(DLT);
        summary.acknowledged();

        String printed = print(summary, false);

        assertThat(printed)
                .contains(DLT + ": examined 5, passed 1, still failing 4")
                .contains("examined 5, redriven 1, still failing 4")
                .contains("  3  unknown schema fingerprint 00000000000000ff\n       " + DLT + "-0@0\n       " + DLT
                        + "-0@1\n  1  lessonId: must be an integer\n       " + DLT + "-1@9 eventId e-1")
                .doesNotContain("-0@2");
    }

    @Test
    void aDryRunSaysWhatWouldBeRedriven() {
        RedriveSummary summary = new RedriveSummary(5);
        summary.examined(DLT);
        summary.passed(DLT);
        summary.missing("heroes.roster.v1-dlt");

        assertThat(print(summary, true))
                .contains("heroes.roster.v1-dlt: no such topic")
                .contains("dry run: examined 1, would redrive 1, still failing 0")
                .doesNotContain("by reason");
    }

    private static String print(RedriveSummary summary, boolean dryRun) {
        StringWriter out = new StringWriter();
        try (PrintWriter writer = new PrintWriter(out)) {
            summary.print(writer, dryRun);
        }
        return out.toString().replace(System.lineSeparator(), "\n");
    }
}
