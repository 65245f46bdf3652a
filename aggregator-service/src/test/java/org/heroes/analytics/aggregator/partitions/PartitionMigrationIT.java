package org.heroes.analytics.aggregator.partitions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * V7 (monthly partitions of {@code analytics_events}, ADR 0016) on a populated database of its own: migrated by
 * Flyway to V6, filled with events of many months (far past, far future, a duplicate key refused), then migrated
 * to V7. Every row survives to the byte, each lands in its month's partition, the default partition catches what
 * no month covers, the parent keeps the V2 index names, the grants and forced row-level security, and the
 * functions the aggregator calls as {@code heroes_writer} create future partitions idempotently, report rows
 * caught by the default and drop exactly the expired months, leaving the rollups alone.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class PartitionMigrationIT {

    static final String INSERT = """
            INSERT INTO analytics_events (event_id, classroom_id, student_id, event_type, event_category,
                                          event_value, properties, "timestamp")
            VALUES (?::uuid, ?::uuid, ?::uuid, ?, 'lesson', ?, '{"k": 1}'::jsonb, ?)
            ON CONFLICT DO NOTHING
            """;

    /** Every row, in a fixed order, as text: equal before and after iff every row and value survived. */
    static final String FINGERPRINT = """
            SELECT count(*) || ':' || md5(string_agg(e::text, '|' ORDER BY event_id, "timestamp"))
            FROM analytics_events e
            """;

    /** Rows not in the partition of their UTC month. */
    static final String MISPLACED = """
            SELECT count(*) FROM analytics_events
            WHERE tableoid::regclass::text
                  <> 'analytics_events_p' || to_char("timestamp" AT TIME ZONE 'UTC', 'YYYYMM')
            """;

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyyMM");

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final JdbcTemplate superuser = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
    private final String database =
            "partition_migration_" + UUID.randomUUID().toString().replace("-", "");
    private final List<SingleConnectionDataSource> connections = new ArrayList<>();
    private String url;
    private JdbcTemplate db;
    private JdbcTemplate writer;
    private final String classroom = UUID.randomUUID().toString();
    private final YearMonth current = YearMonth.now(ZoneOffset.UTC);

    @BeforeEach
    void aDatabaseOfItsOwnAtV6() {
        superuser.execute("CREATE DATABASE " + database + " OWNER heroes_owner");
        url = infra.jdbcUrl(DbRole.SUPERUSER).replace("/heroes_in_waiting", "/" + database);
        flyway("6").migrate();
        db = connect(DbRole.SUPERUSER);
        writer = connect(DbRole.WRITER);
    }

    @AfterEach
    void dropTheDatabase() {
        connections.forEach(SingleConnectionDataSource::destroy);
        superuser.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    }

    @Test
    void theConversionKeepsEveryRowInItsMonthsPartitionWithTheIndexesGrantsAndRowLevelSecurity() {
        List<Instant> times = List.of(
                Instant.parse("2019-03-15T10:00:00Z"),
                Instant.parse("2024-02-29T23:59:59.999999Z"),
                Instant.parse("2024-03-01T00:00:00Z"),
                current.minusMonths(20).atDay(3).atStartOfDay().toInstant(ZoneOffset.UTC),
                Instant.now(),
                current.plusMonths(2).atEndOfMonth().atTime(23, 59, 59).toInstant(ZoneOffset.UTC),
                current.plusYears(5).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
        String duplicate = UUID.randomUUID().toString();
        for (int i = 0; i < times.size(); i++) {
            insert(i == 0 ? duplicate : UUID.randomUUID().toString(), times.get(i), i % 2 == 0 ? 1.5 * i : null);
            insert(UUID.randomUUID().toString(), times.get(i), (double) i);
        }
        assertThat(insert(duplicate, times.get(0), 99.0))
                .as("the duplicate key before V7")
                .isZero();
        String before = db.queryForObject(FINGERPRINT, String.class);
        assertThat(before).startsWith("14:");

        flyway("7").migrate();

        assertThat(db.queryForObject(FINGERPRINT, String.class))
                .as("every row, every value")
                .isEqualTo(before);
        assertThat(db.queryForObject(
                        "SELECT relkind::text FROM pg_class WHERE oid = 'analytics_events'::regclass", String.class))
                .isEqualTo("p");
        assertThat(db.queryForObject(MISPLACED, Long.class)).isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM analytics_events_default", Long.class))
                .isZero();
        assertThat(partitions())
                .as("every month of the data, 14 months back to 3 ahead, and the default")
                .contains(
                        "analytics_events_p201903",
                        "analytics_events_p202402",
                        "analytics_events_p202403",
                        name(current.minusMonths(20)),
                        name(current.minusMonths(14)),
                        name(current),
                        name(current.plusMonths(3)),
                        name(current.plusYears(5)),
                        "analytics_events_default")
                .doesNotContain(name(current.plusMonths(4)), name(current.minusMonths(15)));

        Instant uncovered = current.plusYears(6).atDay(10).atStartOfDay().toInstant(ZoneOffset.UTC);
        assertThat(insert(UUID.randomUUID().toString(), uncovered, 1.0)).isOne();
        assertThat(insert(duplicate, times.get(0), 7.0))
                .as("the duplicate key after V7")
                .isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM analytics_events_default", Long.class))
                .as("the row no month partition covers")
                .isOne();

        assertThat(db.queryForList(
                        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' AND tablename = 'analytics_events'"
                                + " ORDER BY 1",
                        String.class))
                .containsExactly(
                        "analytics_events_pkey",
                        "idx_analytics_events_classroom",
                        "idx_analytics_events_classroom_timestamp",
                        "idx_analytics_events_timestamp",
                        "idx_analytics_events_type_category");
        assertThat(db.queryForObject(
                        "SELECT relrowsecurity AND relforcerowsecurity FROM pg_class WHERE oid = 'analytics_events'::regclass",
                        Boolean.class))
                .isTrue();
        assertThat(db.queryForList(
                        "SELECT policyname FROM pg_policies WHERE tablename = 'analytics_events' ORDER BY 1",
                        String.class))
                .containsExactly("owner_all_rows", "reader_own_classroom_rows", "writer_all_rows");
        assertThat(db.queryForMap("""
                        SELECT has_table_privilege('heroes_writer', 'analytics_events', 'INSERT') AS writer_inserts,
                               has_table_privilege('heroes_writer', 'analytics_events', 'DELETE') AS writer_deletes,
                               has_table_privilege('heroes_reader', 'analytics_events', 'SELECT') AS reader_reads,
                               has_table_privilege('heroes_reader', 'analytics_events', 'INSERT') AS reader_inserts
                        """))
                .isEqualTo(Map.of(
                        "writer_inserts", true, "writer_deletes", true, "reader_reads", true, "reader_inserts", false));
        assertThat(db.queryForList("""
                        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                        WHERE i.inhparent = 'analytics_events'::regclass
                          AND (has_table_privilege('heroes_reader', c.oid, 'SELECT')
                               OR has_table_privilege('heroes_writer', c.oid, 'SELECT')
                               OR NOT has_table_privilege('heroes_backup', c.oid, 'SELECT'))
                        """, String.class))
                .as("partitions readable by anyone but heroes_backup (pg_dump), or not by it")
                .isEmpty();
        assertThat(db.queryForList("""
                        SELECT p.oid::regprocedure::text FROM pg_proc p
                        WHERE p.proname LIKE 'analytics\\_events\\_%'
                          AND (has_function_privilege('heroes_reader', p.oid, 'EXECUTE')
                               OR (has_function_privilege('heroes_writer', p.oid, 'EXECUTE')
                                   <> (p.prosecdef AND p.proconfig IS NOT NULL)))
                        """, String.class))
                .as("functions the reader may call, or the writer may call without SECURITY DEFINER and fixed settings")
                .isEmpty();
        assertThat(writer.queryForObject("SELECT count(*) FROM analytics_events", Long.class))
                .as("the writer sees every row through the parent")
                .isEqualTo(15);
    }

    @Test
    void ensureCreatesFuturePartitionsIdempotentlyAndReportsRowsCaughtByTheDefault() {
        flyway("7").migrate();
        Instant inMonthEight = current.plusMonths(8).atDay(2).atStartOfDay().toInstant(ZoneOffset.UTC);
        insert(UUID.randomUUID().toString(), inMonthEight, 1.0);
        insert(UUID.randomUUID().toString(), inMonthEight.plusSeconds(60), 2.0);

        Map<String, String> first = ensure(9);
        Map<String, String> second = ensure(9);

        assertThat(first).hasSize(10);
        assertThat(first).containsEntry(name(current), "exists").containsEntry(name(current.plusMonths(3)), "exists");
        for (int month = 4; month <= 9; month++) {
            assertThat(first)
                    .containsEntry(name(current.plusMonths(month)), month == 8 ? "default_holds_rows" : "created");
        }
        assertThat(second)
                .as("a second run creates nothing")
                .allSatisfy((partition, status) -> assertThat(status).isIn("exists", "default_holds_rows"))
                .containsEntry(name(current.plusMonths(8)), "default_holds_rows");
        assertThat(writer.queryForObject("SELECT analytics_events_default_rows()", Long.class))
                .isEqualTo(2);
        assertThat(insert(UUID.randomUUID().toString(), inMonthEight.minusSeconds(86_400 * 40), 1.0))
                .isOne();
        assertThat(db.queryForObject(MISPLACED, Long.class))
                .as("only the two rows the default caught")
                .isEqualTo(2);
        assertThatThrownBy(() -> ensure(25)).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> writer.execute("DROP TABLE " + name(current.plusMonths(9))))
                .as("heroes_writer cannot drop a partition itself")
                .isInstanceOf(DataAccessException.class);
    }

    @Test
    void droppingExpiredPartitionsRemovesExactlyTheMonthsBeforeTheHorizonAndLeavesTheRollups() {
        flyway("7").migrate();
        YearMonth old = current.minusMonths(14);
        for (int month = 0; month < 4; month++) {
            Instant at = old.plusMonths(month).atDay(5).atStartOfDay().toInstant(ZoneOffset.UTC);
            insert(UUID.randomUUID().toString(), at, 1.0);
            insert(UUID.randomUUID().toString(), at.plusSeconds(3600), 2.0);
        }
        db.update("""
                INSERT INTO analytics_hourly_rollup
                    (classroom_id, bucket_hour, event_type, event_category, event_count, value_sum, value_count)
                SELECT classroom_id, date_trunc('hour', "timestamp"), event_type, event_category, count(*),
                       coalesce(sum(event_value::numeric), 0), count(event_value)
                FROM analytics_events GROUP BY 1, 2, 3, 4
                """);
        String rollups = db.queryForObject(
                "SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) FROM analytics_hourly_rollup r", String.class);
        // the horizon in the middle of the third month: the first two months end at or before it
        Instant horizon = old.plusMonths(2).atDay(20).atStartOfDay().toInstant(ZoneOffset.UTC);

        List<Map<String, Object>> dropped = writer.queryForList(
                "SELECT partition_name, row_count FROM analytics_events_drop_partitions_before(?)",
                Timestamp.from(horizon));

        assertThat(dropped)
                .containsExactly(
                        Map.of("partition_name", name(old), "row_count", 2L),
                        Map.of("partition_name", name(old.plusMonths(1)), "row_count", 0L + 2));
        assertThat(partitions())
                .doesNotContain(name(old), name(old.plusMonths(1)))
                .contains(name(old.plusMonths(2)));
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM analytics_events WHERE \"timestamp\" < ?",
                        Long.class,
                        Timestamp.from(old.plusMonths(2).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC))))
                .isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM analytics_events", Long.class))
                .isEqualTo(4);
        assertThat(db.queryForObject(
                        "SELECT md5(string_agg(r::text, '|' ORDER BY r::text)) FROM analytics_hourly_rollup r",
                        String.class))
                .as("the hourly rollups, to the byte")
                .isEqualTo(rollups);
        assertThat(writer.queryForList(
                        "SELECT partition_name FROM analytics_events_drop_partitions_before(?)",
                        String.class,
                        Timestamp.from(horizon)))
                .as("nothing more to drop at the same horizon")
                .isEmpty();
        assertThat(partitions()).contains("analytics_events_default");
    }

    @Test
    void aBusyParentMakesEnsureFailFastInsteadOfQueueingInsertsBehindIt() throws Exception {
        flyway("7").migrate();
        var holder = new SingleConnectionDataSource(
                url, infra.user(DbRole.SUPERUSER), infra.password(DbRole.SUPERUSER), true);
        connections.add(holder);
        try (var connection = holder.getConnection();
                var statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            // a long read of the table: creating a partition needs the parent's ACCESS EXCLUSIVE lock
            statement.execute("LOCK TABLE analytics_events IN ACCESS SHARE MODE");
            long started = System.nanoTime();

            assertThatThrownBy(() -> ensure(6))
                    .isInstanceOf(DataAccessException.class)
                    .hasMessageContaining("lock timeout");

            assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isBetween(1_500L, 6_000L);
            connection.rollback();
        }
        assertThat(ensure(6)).containsEntry(name(current.plusMonths(6)), "created");
    }

    private Flyway flyway(String target) {
        return Flyway.configure()
                .dataSource(url, infra.user(DbRole.OWNER), infra.password(DbRole.OWNER))
                .locations("classpath:db/migration")
                .target(target)
                .load();
    }

    /** Straight to PostgreSQL (PgBouncer serves only the main database), as {@code role}. */
    private JdbcTemplate connect(DbRole role) {
        var connection = new SingleConnectionDataSource(url, infra.user(role), infra.password(role), true);
        connections.add(connection);
        return new JdbcTemplate(connection);
    }

    private int insert(String eventId, Instant at, Double value) {
        return db.update(
                INSERT, eventId, classroom, UUID.randomUUID().toString(), "lesson_started", value, Timestamp.from(at));
    }

    private Map<String, String> ensure(int monthsAhead) {
        Map<String, String> statuses = new java.util.LinkedHashMap<>();
        writer.query(
                "SELECT partition_name, status FROM analytics_events_ensure_partitions(?)",
                rs -> {
                    statuses.put(rs.getString(1), rs.getString(2));
                },
                monthsAhead);
        return statuses;
    }

    private List<String> partitions() {
        return db.queryForList(
                "SELECT c.relname::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
                        + " WHERE i.inhparent = 'analytics_events'::regclass ORDER BY 1",
                String.class);
    }

    private static String name(YearMonth month) {
        return "analytics_events_p" + month.format(MONTH);
    }
}
