package org.heroes.analytics.cli.migrate;

import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the Flyway migrations as the schema owner, straight to PostgreSQL (never through PgBouncer). */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Runs the Flyway migrations as heroes_owner straight to PostgreSQL.")
public final class MigrateCommand implements Callable<Integer> {

    @Option(
            names = "--url",
            defaultValue =
                    "jdbc:postgresql://${env:HEROES_PG_HOST:-127.0.0.1}:${env:HEROES_PG_PORT:-15432}/heroes_in_waiting",
            description = "JDBC URL straight to PostgreSQL (default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--user", defaultValue = "heroes_owner", description = "Role (default ${DEFAULT-VALUE}).")
    String user;

    @Option(
            names = "--password-env",
            defaultValue = "HEROES_PG_OWNER_PASSWORD",
            description = "Variable holding the password (default ${DEFAULT-VALUE}).")
    String passwordVariable;

    @Override
    public Integer call() {
        String password = System.getenv(passwordVariable);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException(passwordVariable + " is not set");
        }
        Flyway flyway = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                .load();
        MigrateResult result = flyway.migrate();
        System.out.printf(
                "%d migration(s) applied; schema version %s%n",
                result.migrationsExecuted,
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion);
        return 0;
    }
}
