package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The two rules transaction pooling imposes (ADR 0002), checked over every module's production
 * sources and configuration: a JDBC URL through PgBouncer turns server-side prepared statements off,
 * and no statement sets session state.
 */
class PgBouncerSafetyTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    /**
     * A SQL statement that begins with SET: the start of a Java string or text block, or a yml or
     * properties value (such as a pool's connection-init-sql). An UPDATE's SET clause never starts one.
     */
    private static final Pattern SESSION_SET =
            Pattern.compile("(?i)(\"\"\"\\s*|\"|[:=]\\s*['\"]?)\\s*SET\\s+(SESSION\\s+)?[a-z_.]+\\s*(=|TO\\b)");

    private static final Pattern SET_CONFIG_FOR_SESSION =
            Pattern.compile("(?i)set_config\\s*\\([^)]*,\\s*false\\s*\\)");

    @Test
    void everyJdbcUrlThroughPgBouncerDisablesServerSidePreparedStatements() {
        List<String> throughPgBouncer = lines(".yml", ".yaml", ".properties", ".java").stream()
                .filter(line -> line.contains("jdbc:postgresql") && line.contains("PGBOUNCER_PORT"))
                .toList();

        assertThat(throughPgBouncer).as("JDBC URLs through PgBouncer").isNotEmpty();
        assertThat(throughPgBouncer).allSatisfy(line -> assertThat(line).contains("prepareThreshold=0"));
    }

    @Test
    void noProductionCodeSetsSessionState() {
        List<String> offending = new ArrayList<>();
        for (Path file : files(".java", ".yml", ".yaml", ".properties")) {
            String text = read(file);
            if (SESSION_SET.matcher(text).find()
                    || SET_CONFIG_FOR_SESSION.matcher(text).find()) {
                offending.add(REPO.relativize(file).toString());
            }
        }
        assertThat(offending).as("files that set session state").isEmpty();
    }

    @Test
    void theSessionSetDetectorRecognisesWhatItForbids() {
        assertThat(SESSION_SET
                        .matcher("jdbc.execute(\"SET app.facilitator_id = '1'\");")
                        .find())
                .isTrue();
        assertThat(SESSION_SET
                        .matcher("String SQL = \"\"\"\n        SET search_path TO public\n")
                        .find())
                .isTrue();
        assertThat(SESSION_SET
                        .matcher("connection-init-sql: SET statement_timeout = 1000")
                        .find())
                .isTrue();
        assertThat(SET_CONFIG_FOR_SESSION
                        .matcher("SELECT set_config('app.x', ?, false)")
                        .find())
                .isTrue();
        assertThat(SESSION_SET
                        .matcher("ON CONFLICT (id) DO UPDATE SET email = EXCLUDED.email")
                        .find())
                .isFalse();
        assertThat(SESSION_SET
                        .matcher("    DO UPDATE\n    SET email = EXCLUDED.email")
                        .find())
                .isFalse();
    }

    /** Every line of the modules' production sources and resources with one of these endings. */
    private static List<String> lines(String... endings) {
        return files(endings).stream()
                .flatMap(file -> read(file).lines().map(line -> file.getFileName() + ": " + line))
                .toList();
    }

    private static List<Path> files(String... endings) {
        try (Stream<Path> files = Files.walk(REPO)) {
            return files.filter(f -> f.toString().contains("/src/main/"))
                    .filter(f ->
                            !f.toString().contains("/target/") && !f.toString().contains("/.stack/"))
                    .filter(f -> Stream.of(endings).anyMatch(e -> f.toString().endsWith(e)))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
