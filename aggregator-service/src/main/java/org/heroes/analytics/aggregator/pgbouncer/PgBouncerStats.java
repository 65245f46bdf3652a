package org.heroes.analytics.aggregator.pgbouncer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One read of PgBouncer's admin console: a row of {@code SHOW POOLS} per database and user, a row of {@code SHOW
 * STATS} per database. Times come in microseconds (PgBouncer 1.18) and leave in seconds.
 */
record PgBouncerStats(List<Pool> pools, List<DatabaseStats> databases) {

    static final String SHOW_POOLS = "SHOW POOLS";
    static final String SHOW_STATS = "SHOW STATS";

    private static final double MICROS = 1_000_000.0;

    /** A pool: clients active and waiting, server connections active and idle, the oldest waiting client's wait. */
    record Pool(
            String database,
            String user,
            long clientsActive,
            long clientsWaiting,
            long serversActive,
            long serversIdle,
            double maxWaitSeconds) {}

    /** Averages over PgBouncer's last statistics period (60 s by default). */
    record DatabaseStats(
            String database,
            double queriesPerSecond,
            double avgQuerySeconds,
            double avgTransactionSeconds,
            double avgWaitSeconds) {}

    /** A connection to the admin console: its own, never one of the service's pool nor through the statement log. */
    static Connection connect(PgBouncerMetricsProperties console) throws SQLException {
        return DriverManager.getConnection(console.url(), console.username(), console.password());
    }

    /** Reads both views over {@code connection}. */
    static PgBouncerStats read(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            List<Pool> pools = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(SHOW_POOLS)) {
                while (rows.next()) {
                    pools.add(new Pool(
                            rows.getString("database"),
                            rows.getString("user"),
                            rows.getLong("cl_active"),
                            rows.getLong("cl_waiting"),
                            rows.getLong("sv_active"),
                            rows.getLong("sv_idle"),
                            rows.getLong("maxwait") + rows.getLong("maxwait_us") / MICROS));
                }
            }
            List<DatabaseStats> databases = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery(SHOW_STATS)) {
                while (rows.next()) {
                    databases.add(new DatabaseStats(
                            rows.getString("database"),
                            rows.getLong("avg_query_count"),
                            rows.getLong("avg_query_time") / MICROS,
                            rows.getLong("avg_xact_time") / MICROS,
                            rows.getLong("avg_wait_time") / MICROS));
                }
            }
            return new PgBouncerStats(List.copyOf(pools), List.copyOf(databases));
        }
    }
}
