package org.heroes.analytics.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code heroes backfill} takes the aggregator's retention age, and its floor: an age below 30 days is refused
 * (one line, exit code 2) before anything is read or sent, unless explicitly allowed. The file is empty, so an
 * accepted run finishes without a broker.
 */
class BackfillCommandTest {

    @TempDir
    Path folder;

    @Test
    void aRetentionAgeBelowTheFloorIsRefusedNamingTheOverride() throws IOException {
        var err = new StringWriter();

        int exit = HeroesCli.commandLine()
                .setErr(new PrintWriter(err, true))
                .execute("backfill", emptyFile().toString(), "--retention-age", "P7D");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("heroes backfill: ")
                .contains("HEROES_RETENTION_AGE", "7 days", "30 days", "HEROES_RETENTION_ALLOW_SHORT=true");
    }

    @Test
    void aShortRetentionAgeIsTakenWhenExplicitlyAllowed() throws IOException {
        var err = new StringWriter();

        int exit = HeroesCli.commandLine()
                .setErr(new PrintWriter(err, true))
                .execute(
                        "backfill",
                        emptyFile().toString(),
                        "--retention-age",
                        "P7D",
                        "--allow-short-retention",
                        "--kafka-bootstrap",
                        "127.0.0.1:9");

        assertThat(exit).as("stderr: %s", err).isZero();
    }

    private Path emptyFile() throws IOException {
        return Files.writeString(folder.resolve("history.ndjson"), "");
    }
}
