package org.heroes.analytics.query.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;

/** The whole application, configured with a role row-level security would not hold, does not come up. */
class StartupRefusalIT {

    private static HeroesInfrastructure infra;

    @BeforeAll
    static void migrated() {
        infra = HeroesInfrastructure.get();
        infra.migrate();
    }

    @Test
    void serviceConfiguredAsTableOwnerRefusesToStart() {
        assertThatThrownBy(() -> startAs(DbRole.OWNER))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(UnsafeDatabaseRoleException.class)
                        .hasMessageContaining("heroes_owner owns"));
    }

    @Test
    void serviceConfiguredAsSuperuserRefusesToStart() {
        assertThatThrownBy(() -> startAs(DbRole.SUPERUSER))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(UnsafeDatabaseRoleException.class)
                        .hasMessageContaining("is a superuser"));
    }

    @Test
    void serviceConfiguredWithBypassRlsRoleRefusesToStart() {
        assertThatThrownBy(() -> startAs(DbRole.BACKUP))
                .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                        .isInstanceOf(UnsafeDatabaseRoleException.class)
                        .hasMessageContaining("heroes_backup has BYPASSRLS"));
    }

    /** A table someone added without forcing row-level security, readable by heroes_reader: the reader is refused. */
    @Test
    void readerThatCanReadATableWithoutForcedRowLevelSecurityRefusesToStart() {
        JdbcTemplate superuser = new JdbcTemplate(infra.dataSource(DbRole.SUPERUSER));
        String table = "unprotected_" + UUID.randomUUID().toString().replace("-", "");
        superuser.execute("CREATE TABLE public." + table + " (id int)");
        try {
            superuser.execute("ALTER TABLE public." + table + " ENABLE ROW LEVEL SECURITY");
            superuser.execute("GRANT SELECT ON public." + table + " TO heroes_reader");

            assertThatThrownBy(() -> startAs(DbRole.READER))
                    .satisfies(e -> assertThat(NestedExceptionUtils.getMostSpecificCause(e))
                            .isInstanceOf(UnsafeDatabaseRoleException.class)
                            .hasMessageContaining("without forced row-level security")
                            .hasMessageContaining(table));
        } finally {
            superuser.execute("DROP TABLE public." + table);
        }
    }

    @Test
    void serviceConfiguredAsReaderStarts() {
        startAs(DbRole.READER);
    }

    private static void startAs(DbRole role) {
        // command-line arguments: they outrank query-service.yml, which names heroes_reader
        String[] arguments = {
            "--server.port=0",
            "--spring.datasource.url=" + infra.jdbcUrl(role),
            "--spring.datasource.username=" + infra.user(role),
            "--spring.datasource.password=" + infra.password(role)
        };
        Map<String, Object> environment = new HashMap<>(infra.environment());
        // reaching the close means the service did start: stop it again before the assertion fails
        QueryApplication.application().properties(environment).run(arguments).close();
    }
}
