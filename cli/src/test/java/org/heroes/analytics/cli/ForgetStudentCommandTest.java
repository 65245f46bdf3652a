package org.heroes.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code heroes forget-student} refuses a bad id with one line and exit code 2 before it writes the ledger or
 * starts the store context (no stack runs here), and never echoes what it refused: it may be a name.
 */
class ForgetStudentCommandTest {

    private static final String GOOD = "1f0c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5";

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Ada-Lovelace | heroes forget-student: argument 1 is not a student id",
                GOOD + " 1-1-1-1-1 | heroes forget-student: argument 2 is not a student id",
                "'' | heroes forget-student: name a STUDENT_ID or --reapply FILE",
                "--nope | heroes forget-student: Unknown option: '--nope'"
            })
    void badArgumentsAreOneLineAndExitCodeTwoAndWriteNoLedger(String arguments, String expected) {
        var err = new StringWriter();
        CommandLine cli = HeroesCli.commandLine().setErr(new PrintWriter(err, true));
        Path ledger = dir.resolve("forgotten-students.ledger");
        List<String> args = new ArrayList<>(List.of("forget-student", "--ledger", ledger.toString()));
        if (!arguments.isBlank()) {
            args.addAll(List.of(arguments.strip().split(" ")));
        }

        int exit = cli.execute(args.toArray(String[]::new));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith(expected);
        assertThat(err.toString()).doesNotContain("Ada").doesNotContain("Lovelace");
        assertThat(ledger).doesNotExist();
    }

    @Test
    void aLedgerWithABadLineIsRefusedNamingTheLineNotItsContent() throws IOException {
        Path ledger = Files.writeString(dir.resolve("ledger"), "# forgotten\n" + GOOD + "\n\nAda Lovelace\n");
        var err = new StringWriter();
        CommandLine cli = HeroesCli.commandLine().setErr(new PrintWriter(err, true));

        int exit = cli.execute("forget-student", "--reapply", ledger.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("heroes forget-student: line 4 of " + ledger + " is not a student id")
                .doesNotContain("Ada");
    }
}
