package org.heroes.analytics.testsupport;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** Empties the application's tables between tests; whatever tables the migrations made, Flyway's aside. */
final class TableTruncator {

    private static final String APPLICATION_TABLES = """
            SELECT string_agg(format('%I.%I', schemaname, tablename), ', ')
            FROM pg_tables
            WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'
            """;

    private TableTruncator() {}

    static void truncateAll(DataSource superuser) {
        try (Connection connection = superuser.getConnection();
                Statement statement = connection.createStatement()) {
            String tables;
            try (ResultSet rows = statement.executeQuery(APPLICATION_TABLES)) {
                rows.next();
                tables = rows.getString(1);
            }
            if (tables != null) {
                statement.execute("TRUNCATE " + tables);
            }
        } catch (SQLException e) {
            throw new InfrastructureException("could not empty the application tables", e);
        }
    }
}
