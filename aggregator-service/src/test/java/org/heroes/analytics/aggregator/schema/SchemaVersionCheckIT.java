package org.heroes.analytics.aggregator.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.heroes.analytics.aggregator.AggregatorStartup;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The aggregator runs no migration (scripts/migrate.sh does, as the owner) and starts only on a database whose
 * schema is exactly the one its {@code schemas} jar carries: each test migrates a database of its own as the owner
 * to some version, then starts the aggregator against it with the writer's credentials alone (straight to
 * PostgreSQL: PgBouncer serves only the main database). One migration behind, one ahead, a failed migration or
 * none at all: it refuses, naming the versions and what to do; at its own version it starts, and migrates nothing.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class SchemaVersionCheckIT {

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final JdbcTemplate superuser = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
    private final String database =
            "schema_check_" + UUID.randomUUID().toString().replace("-", "");
    private String url;
    private SingleConnectionDataSource connection;
    private JdbcTemplate db;

    @TempDir
    Path newerBuild;

    @BeforeEach
    void aDatabaseOfItsOwn() {
        superuser.execute("CREATE DATABASE " + database + " OWNER heroes_owner");
        url = infra.jdbcUrl(DbRole.SUPERUSER).replace("/heroes_in_waiting", "/" + database);
        connection = new SingleConnectionDataSource(
                url, infra.user(DbRole.SUPERUSER), infra.password(DbRole.SUPERUSER), true);
        db = new JdbcTemplate(connection);
    }

    @AfterEach
    void dropTheDatabase() {
        connection.destroy();
        superuser.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void refusesToStartOnADatabaseOneMigrationBehind() {
        List<String> versions = migrationVersions();
        String newest = versions.get(versions.size() - 1);
        flyway(versions.get(versions.size() - 2)).migrate();

        assertThatThrownBy(this::startAggregator)
                .rootCause()
                .hasMessageContaining("behind")
                .hasMessageContaining("version " + newest)
                .hasMessageContaining("scripts/migrate.sh");
        assertThat(appliedVersions()).as("nothing migrated by the aggregator").doesNotContain(newest);
    }

    @Test
    void refusesToStartOnADatabaseOneMigrationBehindNamingBothVersionsOnceTheWriterCanReadTheHistory() {
        List<String> versions = migrationVersions();
        String newest = versions.get(versions.size() - 1);
        String previous = versions.get(versions.size() - 2);
        flyway(null).migrate();
        // the history of a database one migration behind, read as the writer can read it from migration 11 on
        db.update("DELETE FROM flyway_schema_history WHERE version = ?", newest);

        assertThatThrownBy(this::startAggregator)
                .rootCause()
                .hasMessageContaining("at schema version " + previous + ", behind version " + newest)
                .hasMessageContaining("scripts/migrate.sh");
    }

    @Test
    void refusesToStartOnADatabaseOneMigrationAhead() throws IOException {
        List<String> versions = migrationVersions();
        String newest = versions.get(versions.size() - 1);
        String next = Integer.toString(Integer.parseInt(newest) + 1);
        Files.writeString(newerBuild.resolve("V" + next + "__from_a_newer_build.sql"), "SELECT 1;\n");
        Flyway.configure()
                .dataSource(url, infra.user(DbRole.OWNER), infra.password(DbRole.OWNER))
                .locations("classpath:db/migration", "filesystem:" + newerBuild)
                .load()
                .migrate();

        assertThatThrownBy(this::startAggregator)
                .rootCause()
                .hasMessageContaining("at schema version " + next + ", ahead of version " + newest)
                .hasMessageContaining("deploy the aggregator");
    }

    @Test
    void refusesToStartWhenTheHistoryHoldsAFailedMigration() {
        List<String> versions = migrationVersions();
        String next = Integer.toString(Integer.parseInt(versions.get(versions.size() - 1)) + 1);
        flyway(null).migrate();
        db.update("""
                INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                                                   installed_by, execution_time, success)
                SELECT max(installed_rank) + 1, ?, 'half done', 'SQL', 'V' || ? || '__half_done.sql', 0,
                       'heroes_owner', 5, false
                FROM flyway_schema_history
                """, next, next);

        assertThatThrownBy(this::startAggregator)
                .rootCause()
                .hasMessageContaining("migration " + next + " (half done) failed");
    }

    @Test
    void refusesToStartOnADatabaseThatWasNeverMigrated() {
        assertThatThrownBy(this::startAggregator)
                .rootCause()
                .hasMessageContaining("never migrated")
                .hasMessageContaining("scripts/migrate.sh");
    }

    @Test
    void startsOnADatabaseAtItsOwnVersionAndMigratesNothing() {
        flyway(null).migrate();
        List<String> before = appliedVersions();

        try (ConfigurableApplicationContext context = startAggregator()) {
            assertThat(context.isActive()).isTrue();
        }

        assertThat(appliedVersions()).isEqualTo(before).endsWith(last(migrationVersions()));
    }

    private ConfigurableApplicationContext startAggregator() {
        return AggregatorStartup.start(
                Map.of(), "--spring.datasource.url=" + url + "?prepareThreshold=0&logServerErrorDetail=false");
    }

    /** Every migration of the schemas jar, oldest first, as Flyway names their versions. */
    private List<String> migrationVersions() {
        return Arrays.stream(flyway(null).info().all())
                .map(MigrationInfo::getVersion)
                .map(Object::toString)
                .toList();
    }

    private List<String> appliedVersions() {
        return db.queryForList(
                "SELECT version FROM flyway_schema_history WHERE success AND version IS NOT NULL ORDER BY installed_rank",
                String.class);
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure()
                .dataSource(url, infra.user(DbRole.OWNER), infra.password(DbRole.OWNER))
                .locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }

    private static String last(List<String> list) {
        return list.get(list.size() - 1);
    }
}
