package org.heroes.analytics.store.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.heroes.analytics.store.schema.SchemaVersionCheck.Applied;
import org.junit.jupiter.api.Test;

/** The comparison of the history with the migrations on the class path, and the versions' order. */
class SchemaVersionCheckTest {

    private static final List<SchemaVersion> EXPECTED = versions("1", "2", "9", "10", "11");

    @Test
    void theVersionsOnTheClassPathAreTheSchemasJarsMigrationsInFlywaysOrder() {
        List<SchemaVersion> expected = SchemaVersionCheck.expected();

        assertThat(expected).startsWith(SchemaVersion.parse("1")).contains(SchemaVersion.parse("11"));
        assertThat(expected).isSorted();
        assertThat(expected.get(expected.size() - 1)).isGreaterThanOrEqualTo(SchemaVersion.parse("11"));
    }

    @Test
    void versionsOrderPartByPartNumerically() {
        assertThat(versions("10", "9", "2.1", "2", "2_0_1").stream().sorted())
                .containsExactly(
                        SchemaVersion.parse("2"),
                        SchemaVersion.parse("2.0.1"),
                        SchemaVersion.parse("2.1"),
                        SchemaVersion.parse("9"),
                        SchemaVersion.parse("10"));
        assertThat(SchemaVersion.parse("1.0"))
                .isEqualTo(SchemaVersion.parse("1"))
                .hasSameHashCodeAs(SchemaVersion.parse("1"));
        assertThat(SchemaVersion.ofMigrationFile("V11__least_privilege.sql")).contains(SchemaVersion.parse("11"));
        assertThat(SchemaVersion.ofMigrationFile("R__views.sql")).isEmpty();
    }

    @Test
    void exactlyTheMigrationsOfTheJarPass() {
        assertThatCode(() -> SchemaVersionCheck.verify(EXPECTED, applied("1", "2", "9", "10", "11")))
                .doesNotThrowAnyException();
    }

    @Test
    void behindNamesBothVersionsAndTheMigrateStep() {
        assertThatThrownBy(() -> SchemaVersionCheck.verify(EXPECTED, applied("1", "2", "9", "10")))
                .isInstanceOf(SchemaMismatchException.class)
                .hasMessage("The database is at schema version 10, behind version 11 of this aggregator's migrations"
                        + " (not applied: [11]): " + SchemaVersionCheck.MIGRATE);
    }

    @Test
    void aGapIsBehindToo() {
        assertThatThrownBy(() -> SchemaVersionCheck.verify(EXPECTED, applied("1", "2", "9", "11")))
                .hasMessageStartingWith(
                        "The database is at schema version 11 but lacks this aggregator's migrations" + " [10]");
    }

    @Test
    void aheadNamesBothVersionsAndTheDeployStep() {
        assertThatThrownBy(() -> SchemaVersionCheck.verify(EXPECTED, applied("1", "2", "9", "10", "11", "12")))
                .hasMessageStartingWith("The database is at schema version 12, ahead of version 11, the newest"
                        + " migration this aggregator knows: deploy the aggregator built with the newer schemas");
    }

    @Test
    void anUnknownMigrationBelowTheNewestIsNamed() {
        assertThatThrownBy(() -> SchemaVersionCheck.verify(EXPECTED, applied("1", "2", "9", "10", "10.5", "11")))
                .hasMessageStartingWith("The database holds migrations [10.5] that this aggregator does not know");
    }

    @Test
    void aFailedMigrationIsNamedWhateverElseHolds() {
        List<Applied> history = new java.util.ArrayList<>(applied("1", "2", "9", "10", "11"));
        history.add(new Applied(SchemaVersion.parse("12"), "half done", false));

        assertThatThrownBy(() -> SchemaVersionCheck.verify(EXPECTED, history))
                .hasMessageStartingWith("The database's flyway_schema_history shows migration 12 (half done) failed");
    }

    @Test
    void anEmptyHistoryWasNeverMigrated() {
        assertThatThrownBy(() -> SchemaVersionCheck.verify(EXPECTED, List.of())).hasMessageContaining("never migrated");
    }

    private static List<SchemaVersion> versions(String... texts) {
        return Arrays.stream(texts).map(SchemaVersion::parse).toList();
    }

    private static List<Applied> applied(String... texts) {
        return Arrays.stream(texts)
                .map(text -> new Applied(SchemaVersion.parse(text), "migration " + text, true))
                .toList();
    }
}
