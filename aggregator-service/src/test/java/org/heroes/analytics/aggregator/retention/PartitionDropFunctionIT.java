package org.heroes.analytics.aggregator.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code analytics_events_drop_partitions_before} runs with the table owner's rights (SECURITY DEFINER) for
 * {@code heroes_writer}, which may not drop tables itself. Called by a compromised writer with a horizon of its
 * own choosing, it must not drop what the retention job has not expired: it reads the stored horizon itself,
 * refuses a later one, and never drops the current month or a coming one. Each attack runs as the writer through
 * PgBouncer inside a transaction that is rolled back, so a function that does drop (as V7's did) leaves the shared
 * database as it was.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class PartitionDropFunctionIT {

    private static final String DROP = "SELECT partition_name FROM analytics_events_drop_partitions_before(?)";
    private static final String STORE_HORIZON = """
            INSERT INTO retention_horizon (singleton, horizon) VALUES (true, ?)
            ON CONFLICT (singleton) DO UPDATE SET horizon = EXCLUDED.horizon
            """;
    private static final String PARTITION_EXISTS = "SELECT to_regclass(?) IS NOT NULL";

    private static final Instant NOW = Instant.now();
    private static final Instant FAR_FUTURE = NOW.plus(Duration.ofDays(3650));
    private static final String CURRENT_MONTH =
            "analytics_events_p" + YearMonth.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMM"));

    private final DataSource writer = HeroesInfrastructure.get().dataSource(DbRole.WRITER);

    @BeforeAll
    static void migrated() {
        HeroesInfrastructure.get().migrate();
    }

    @Test
    void aHorizonLaterThanTheStoredOneIsRefusedAndNothingIsDropped() throws SQLException {
        Attempt attempt = asWriter(NOW.minus(Duration.ofDays(400)), FAR_FUTURE);

        assertThat(attempt.dropped)
                .as("partitions the writer dropped with a horizon of its own")
                .isEmpty();
        assertThat((Throwable) attempt.refusal)
                .as("the function's answer")
                .isNotNull()
                .hasMessageContaining("later than the stored retention horizon");
        assertThat(attempt.currentMonthLeft).isTrue();
    }

    @Test
    void aStoredHorizonInTheFutureNeverDropsTheCurrentOrAComingMonth() throws SQLException {
        Attempt attempt = asWriter(FAR_FUTURE, FAR_FUTURE);

        assertThat(attempt.refusal == null || attempt.refusal.getMessage().contains("lock timeout"))
                .as("no refusal but a busy table's lock timeout: %s", attempt.refusal)
                .isTrue();
        assertThat(attempt.dropped)
                .as("months dropped for a horizon in the future")
                .allMatch(partition -> partition.compareTo(CURRENT_MONTH) < 0);
        assertThat(attempt.currentMonthLeft).isTrue();
    }

    /** What the writer's attempt did, seen inside its transaction before the rollback. */
    private record Attempt(List<String> dropped, SQLException refusal, boolean currentMonthLeft) {}

    /** As the writer: stores {@code stored} as the horizon, calls the function with {@code horizon}, rolls back. */
    private Attempt asWriter(Instant stored, Instant horizon) throws SQLException {
        List<String> dropped = new ArrayList<>();
        SQLException refusal = null;
        try (Connection connection = writer.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement store = connection.prepareStatement(STORE_HORIZON)) {
                    store.setTimestamp(1, Timestamp.from(stored));
                    store.executeUpdate();
                }
                try (PreparedStatement drop = connection.prepareStatement(DROP)) {
                    drop.setTimestamp(1, Timestamp.from(horizon));
                    try (ResultSet rows = drop.executeQuery()) {
                        while (rows.next()) {
                            dropped.add(rows.getString(1));
                        }
                    }
                } catch (SQLException e) {
                    refusal = e;
                    connection.rollback();
                }
                return new Attempt(dropped, refusal, currentMonthExists(connection));
            } finally {
                connection.rollback();
            }
        }
    }

    private static boolean currentMonthExists(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(PARTITION_EXISTS)) {
            exists.setString(1, "public." + CURRENT_MONTH);
            try (ResultSet row = exists.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }
}
