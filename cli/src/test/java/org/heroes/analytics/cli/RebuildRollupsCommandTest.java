package org.heroes.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code heroes rebuild-rollups} refuses bad flags with one line and exit code 2 before it starts the aggregator's
 * context (no stack runs here: a rebuild that started would fail on the missing database password instead).
 */
class RebuildRollupsCommandTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--classroom not-a-uuid | heroes rebuild-rollups: Invalid value for option '--classroom'",
                "--from yesterday | heroes rebuild-rollups: Invalid value for option '--from'",
                "--from 2026-11-26T10:00:00Z --to 2026-11-26T09:00:00Z"
                        + " | heroes rebuild-rollups: --from 2026-11-26T10:00:00Z must be before --to 2026-11-26T09:00:00Z",
                "--nope | heroes rebuild-rollups: Unknown option: '--nope'"
            })
    void badFlagsAreOneLineAndExitCodeTwo(String arguments, String expected) {
        var err = new StringWriter();
        CommandLine cli = HeroesCli.commandLine().setErr(new PrintWriter(err, true));

        int exit = cli.execute(("rebuild-rollups " + arguments.strip()).split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith(expected);
    }
}
