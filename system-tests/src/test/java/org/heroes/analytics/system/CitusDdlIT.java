package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.flywaydb.core.Flyway;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.HeroesInfrastructureExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The Citus DDL of {@code deploy/citus/} against plain PostgreSQL (Citus itself cannot run here), in a
 * database of its own migrated by Flyway: {@code create_distributed_table}, {@code create_reference_table} and
 * {@code create_distributed_function} are shims that check their arguments (a real table, a real column, a real
 * function)
 * and record the call, so the DDL is proven to name our tables and columns; then Citus's rules are
 * checked on our schema: every table distributed or reference, every distributed table colocated on a
 * non-null {@code classroom_id}, and every unique index of a distributed table containing the
 * distribution column, which the migrations give (V16), on a single node as on Citus.
 */
@ExtendWith(HeroesInfrastructureExtension.class)
class CitusDdlIT {

    private static final Path CITUS = Path.of("..", "deploy", "citus");

    /** The shims: same names and parameter names as Citus's functions, so named arguments resolve too. */
    static final String SHIMS = """
            CREATE TABLE citus_calls (
                kind text NOT NULL, table_name regclass NOT NULL, distribution_column text, colocate_with text);
            CREATE FUNCTION create_reference_table(table_name regclass) RETURNS void LANGUAGE sql
                AS $$ INSERT INTO citus_calls VALUES ('reference', table_name, NULL, NULL) $$;
            CREATE FUNCTION create_distributed_table(
                    table_name regclass, distribution_column text, distribution_type text DEFAULT 'hash',
                    colocate_with text DEFAULT 'default', shard_count int DEFAULT NULL)
                RETURNS void LANGUAGE plpgsql AS $$
            BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_attribute
                               WHERE attrelid = table_name AND attname = distribution_column AND NOT attisdropped) THEN
                    RAISE EXCEPTION 'column "%" of relation "%" does not exist', distribution_column, table_name;
                END IF;
                IF colocate_with <> 'default' AND to_regclass(colocate_with) IS NULL THEN
                    RAISE EXCEPTION 'colocate_with: relation "%" does not exist', colocate_with;
                END IF;
                INSERT INTO citus_calls VALUES ('distributed', table_name, distribution_column, colocate_with);
            END $$;
            -- the regprocedure argument is the check: a function of that name and signature must exist
            CREATE FUNCTION create_distributed_function(
                    function_name regprocedure, distribution_arg_name text DEFAULT NULL,
                    colocate_with text DEFAULT 'default', force_delegation bool DEFAULT NULL)
                RETURNS void LANGUAGE plpgsql AS $$ BEGIN END $$;
            """;

    /**
     * Tables of the schema the DDL does not name (Flyway's history and the shims' own table excepted). Partitions
     * (of analytics_events, V7) are not named: Citus distributes a partitioned table with its partitions.
     */
    static final String UNNAMED_TABLES = """
            SELECT c.relname FROM pg_class c
            WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
              AND c.relname NOT IN ('flyway_schema_history', 'citus_calls')
              AND c.oid NOT IN (SELECT table_name FROM citus_calls)
            ORDER BY 1
            """;

    /** Tables named more than once (both distributed and reference, or twice). */
    static final String TABLES_NAMED_TWICE =
            "SELECT table_name::text FROM citus_calls GROUP BY table_name HAVING count(*) > 1 ORDER BY 1";

    /** Unique indexes (primary keys included) of distributed tables without their distribution column. */
    static final String UNIQUE_INDEXES_WITHOUT_DISTRIBUTION_COLUMN = """
            SELECT i.indexrelid::regclass::text AS index
            FROM citus_calls d
            JOIN pg_index i ON i.indrelid = d.table_name AND i.indisunique
            WHERE d.kind = 'distributed'
              AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                              WHERE a.attrelid = d.table_name AND a.attname = d.distribution_column
                                AND a.attnum = ANY(i.indkey))
            ORDER BY 1
            """;

    /** Distribution columns: their tables, types, nullability, and what each is colocated with. */
    static final String DISTRIBUTION = """
            SELECT d.table_name::text AS table_name, d.distribution_column, format_type(a.atttypid, a.atttypmod) AS type,
                   a.attnotnull AS not_null, d.colocate_with
            FROM citus_calls d
            JOIN pg_attribute a ON a.attrelid = d.table_name AND a.attname = d.distribution_column
            WHERE d.kind = 'distributed'
            ORDER BY 1
            """;

    /**
     * Distributed or reference tables whose row-level security would not survive distribution as it is:
     * not forced, or (but for consumer_offsets, forgotten_students and pending_student_events, which heroes_reader
     * may not read) without a policy for heroes_reader. Citus propagates a table's policies to its shards when it
     * is distributed.
     */
    static final String TABLES_WITHOUT_READER_ISOLATION = """
            SELECT d.table_name::text FROM citus_calls d JOIN pg_class c ON c.oid = d.table_name
            WHERE NOT (c.relrowsecurity AND c.relforcerowsecurity)
               OR (d.table_name NOT IN ('consumer_offsets'::regclass, 'forgotten_students'::regclass,
                                        'pending_student_events'::regclass)
                   AND NOT EXISTS (SELECT 1 FROM pg_policies p
                                   WHERE p.schemaname = 'public' AND p.tablename = c.relname
                                     AND 'heroes_reader' = ANY(p.roles)))
            ORDER BY 1
            """;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final JdbcTemplate superuser = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
    private final String database = "citus_ddl_" + UUID.randomUUID().toString().replace("-", "");
    private SingleConnectionDataSource connection;
    private JdbcTemplate db;

    @BeforeEach
    void migrateADatabaseOfItsOwnAndInstallTheShims() {
        superuser.execute("CREATE DATABASE " + database + " OWNER heroes_owner");
        String url = infra.jdbcUrl(DbRole.SUPERUSER).replace("/heroes_in_waiting", "/" + database);
        Flyway.configure()
                .dataSource(url, infra.user(DbRole.OWNER), infra.password(DbRole.OWNER))
                .locations("classpath:db/migration")
                .load()
                .migrate();
        connection = new SingleConnectionDataSource(
                url, infra.user(DbRole.SUPERUSER), infra.password(DbRole.SUPERUSER), true);
        db = new JdbcTemplate(connection);
        db.execute(SHIMS);
    }

    @AfterEach
    void dropTheDatabase() {
        connection.destroy();
        superuser.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        // 02-distribute.sql sets a role default (cluster-wide); a placeholder setting without Citus
        superuser.execute("ALTER ROLE heroes_writer RESET citus.multi_shard_modify_mode");
    }

    @Test
    void theDistributionDdlNamesEveryTableOnceAndColocatesTheEventsAndRollupsByClassroom() throws IOException {
        db.execute(sql("02-distribute.sql"));

        assertThat(db.queryForList(UNNAMED_TABLES, String.class))
                .as("tables neither distributed nor reference")
                .isEmpty();
        assertThat(db.queryForList(TABLES_NAMED_TWICE, String.class)).isEmpty();
        assertThat(db.queryForList(
                        "SELECT table_name::text FROM citus_calls WHERE kind = 'reference' ORDER BY 1", String.class))
                .containsExactly(
                        "classrooms",
                        "consumer_offsets",
                        "facilitators",
                        "forgotten_students",
                        "retention_horizon",
                        "students");
        List<Map<String, Object>> distribution = db.queryForList(DISTRIBUTION);
        assertThat(distribution)
                .extracting(row -> row.get("table_name"))
                .containsExactly(
                        "analytics_events",
                        "analytics_hourly_rollup",
                        "classroom_rollup",
                        "classroom_watermarks",
                        "feedback_hourly_rollup",
                        "pending_student_events",
                        "progress_rollup",
                        "student_feedback",
                        "student_progress");
        assertThat(distribution).allSatisfy(row -> {
            assertThat(row).containsEntry("distribution_column", "classroom_id");
            assertThat(row).containsEntry("type", "uuid");
            assertThat(row).containsEntry("not_null", true);
        });
        assertThat(distribution.stream().collect(Collectors.toMap(row -> (String) row.get("table_name"), row ->
                        (String) row.get("colocate_with"))))
                .as("one colocation group, anchored on analytics_events")
                .containsEntry("analytics_events", "default")
                .allSatisfy((table, with) -> assertThat(with).isIn("default", "analytics_events"));
        assertThat(db.queryForList(TABLES_WITHOUT_READER_ISOLATION, String.class))
                .as("tables that would reach the workers without forced row-level security for heroes_reader")
                .isEmpty();
    }

    @Test
    void theMigrationsGiveEveryUniqueIndexItsDistributionColumn() throws IOException {
        db.execute(sql("02-distribute.sql"));

        assertThat(db.queryForList(UNIQUE_INDEXES_WITHOUT_DISTRIBUTION_COLUMN, String.class))
                .as("unique indexes of distributed tables without classroom_id after the migrations (V16)")
                .isEmpty();
    }

    private static String sql(String file) throws IOException {
        return Files.readString(CITUS.resolve(file));
    }
}
