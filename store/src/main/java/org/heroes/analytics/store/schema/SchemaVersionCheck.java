package org.heroes.analytics.store.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Refuses to start the aggregator unless the database's schema is exactly the one its {@code schemas} jar
 * carries: every migration of {@code db/migration} on the class path applied, none failed, none the jar does not
 * know. Read as {@code heroes_writer} (migration 11 lets it read Flyway's history) while the context is built, so
 * an aggregator never consumes, nor runs a job, on a schema it was not built for.
 */
@Component
class SchemaVersionCheck implements InitializingBean {

    static final String HISTORY = """
            SELECT version, description, success FROM flyway_schema_history
            WHERE version IS NOT NULL
            ORDER BY installed_rank
            """;

    static final String MIGRATIONS = "classpath*:db/migration/V*__*.sql";

    private static final String UNDEFINED_TABLE = "42P01";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";
    static final String MIGRATE = "run scripts/migrate.sh (the migrations, as heroes_owner), then start the aggregator";

    /** One row of the history. */
    record Applied(SchemaVersion version, String description, boolean success) {}

    private final JdbcClient jdbc;

    SchemaVersionCheck(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void afterPropertiesSet() {
        List<SchemaVersion> expected = expected();
        verify(expected, applied(expected));
    }

    /** The versions of the migrations on the class path, oldest first. */
    static List<SchemaVersion> expected() {
        try {
            List<SchemaVersion> versions = Arrays.stream(
                            new PathMatchingResourcePatternResolver(SchemaVersionCheck.class.getClassLoader())
                                    .getResources(MIGRATIONS))
                    .map(Resource::getFilename)
                    .filter(Objects::nonNull)
                    .map(SchemaVersion::ofMigrationFile)
                    .flatMap(Optional::stream)
                    .sorted()
                    .toList();
            if (versions.isEmpty()) {
                throw new IllegalStateException("no migration at " + MIGRATIONS + ": the schemas jar is missing");
            }
            return versions;
        } catch (IOException e) {
            throw new UncheckedIOException("could not list the migrations at " + MIGRATIONS, e);
        }
    }

    private List<Applied> applied(List<SchemaVersion> expected) {
        try {
            return jdbc.sql(HISTORY)
                    .query((rs, n) -> new Applied(
                            SchemaVersion.parse(rs.getString("version")),
                            rs.getString("description"),
                            rs.getBoolean("success")))
                    .list();
        } catch (DataAccessException e) {
            String state =
                    NestedExceptionUtils.getMostSpecificCause(e) instanceof SQLException sql ? sql.getSQLState() : null;
            if (UNDEFINED_TABLE.equals(state)) {
                throw new SchemaMismatchException(
                        "The database has no flyway_schema_history: it was never migrated", MIGRATE);
            }
            if (INSUFFICIENT_PRIVILEGE.equals(state)) {
                throw new SchemaMismatchException(
                        "The database is behind version " + Collections.max(expected) + " of this aggregator's"
                                + " migrations: heroes_writer may not read its flyway_schema_history, which"
                                + " migration 11 grants",
                        MIGRATE);
            }
            throw e;
        }
    }

    /**
     * Compares the history with the migrations this build carries.
     *
     * @throws SchemaMismatchException naming the versions and what to do
     */
    static void verify(List<SchemaVersion> expected, List<Applied> applied) {
        for (Applied row : applied) {
            if (!row.success()) {
                throw new SchemaMismatchException(
                        "The database's flyway_schema_history shows migration " + row.version() + " ("
                                + row.description() + ") failed",
                        "repair it as heroes_owner (docs/operations.md, \"Migrations\"), then " + MIGRATE);
            }
        }
        if (applied.isEmpty()) {
            throw new SchemaMismatchException(
                    "The database's flyway_schema_history lists no migration: it was never migrated", MIGRATE);
        }
        SchemaVersion newest = Collections.max(expected);
        TreeSet<SchemaVersion> done = new TreeSet<>();
        applied.forEach(row -> done.add(row.version()));
        List<SchemaVersion> unknown = new ArrayList<>(done);
        unknown.removeAll(expected);
        if (!unknown.isEmpty()) {
            String problem = done.last().compareTo(newest) > 0
                    ? "The database is at schema version " + done.last() + ", ahead of version " + newest
                            + ", the newest migration this aggregator knows"
                    : "The database holds migrations " + unknown + " that this aggregator does not know (its newest"
                            + " is " + newest + ")";
            throw new SchemaMismatchException(
                    problem,
                    "deploy the aggregator built with the newer schemas (an older aggregator never writes to a"
                            + " newer schema)");
        }
        List<SchemaVersion> missing = new ArrayList<>(expected);
        missing.removeAll(done);
        if (!missing.isEmpty()) {
            String problem = done.last().compareTo(newest) < 0
                    ? "The database is at schema version " + done.last() + ", behind version " + newest
                            + " of this aggregator's migrations (not applied: " + missing + ")"
                    : "The database is at schema version " + done.last() + " but lacks this aggregator's migrations "
                            + missing;
            throw new SchemaMismatchException(problem, MIGRATE);
        }
    }
}
