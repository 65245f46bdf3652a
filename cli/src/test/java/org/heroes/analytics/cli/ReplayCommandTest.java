package org.heroes.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code heroes replay} refuses bad flags with one line and exit code 2 before it starts anything (no
 * stack runs here: a replay that started would fail differently, on the missing database password).
 */
class ReplayCommandTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "--topic heroes.nope.v1 --from earliest | heroes replay: unknown topic 'heroes.nope.v1'",
                "--topic all --from yesterday | heroes replay: --from 'yesterday' is not an instant",
                "--topic all --from earliest --to soon | heroes replay: --to 'soon' is not an instant",
                "--topic all --from 2026-11-26T10:00:00Z --to 2026-11-26T09:00:00Z"
                        + " | heroes replay: --from 2026-11-26T10:00:00Z is not before --to 2026-11-26T09:00:00Z"
            })
    void badFlagsAreOneLineAndExitCodeTwo(String arguments, String expected) {
        var err = new StringWriter();
        CommandLine cli = HeroesCli.commandLine().setErr(new PrintWriter(err, true));

        int exit = cli.execute(("replay " + arguments.strip()).split(" "));

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines()).singleElement().asString().startsWith(expected);
    }

    @Test
    void missingFromIsAUsageErrorWithExitCodeTwo() {
        var err = new StringWriter();

        int exit = HeroesCli.commandLine().setErr(new PrintWriter(err, true)).execute("replay", "--topic", "all");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("heroes replay: Missing required option: '--from=earliest|INSTANT'");
    }
}
