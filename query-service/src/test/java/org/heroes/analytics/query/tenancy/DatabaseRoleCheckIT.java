package org.heroes.analytics.query.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The start-up refusal of contract §5, against the real roles of the bootstrap script and migrations. */
class DatabaseRoleCheckIT {

    private static HeroesInfrastructure infra;

    @BeforeAll
    static void migrated() {
        infra = HeroesInfrastructure.get();
        infra.migrate();
    }

    private static DatabaseRoleCheck checkAs(DbRole role) {
        return new DatabaseRoleCheck(infra.dataSource(role));
    }

    @Test
    void readerThroughPgBouncerPasses() {
        assertThatCode(() -> checkAs(DbRole.READER).verify()).doesNotThrowAnyException();
        assertThat(checkAs(DbRole.READER).findings()).isEmpty();
    }

    @Test
    void tableOwnerIsRefused() {
        assertThatThrownBy(() -> checkAs(DbRole.OWNER).verify())
                .isInstanceOf(UnsafeDatabaseRoleException.class)
                .hasMessageContaining("refuses to start")
                .hasMessageContaining("heroes_owner owns")
                .hasMessageContaining("classrooms");
    }

    @Test
    void ownerAlsoReadsFlywayHistoryWithoutRowLevelSecurity() {
        assertThat(checkAs(DbRole.OWNER).findings())
                .anySatisfy(finding -> assertThat(finding)
                        .contains("without forced row-level security")
                        .contains("flyway_schema_history"));
    }

    @Test
    void superuserIsRefused() {
        assertThatThrownBy(() -> checkAs(DbRole.SUPERUSER).verify())
                .isInstanceOf(UnsafeDatabaseRoleException.class)
                .hasMessageContaining("is a superuser");
    }

    @Test
    void bypassRlsRoleIsRefused() {
        assertThatThrownBy(() -> checkAs(DbRole.BACKUP).verify())
                .isInstanceOf(UnsafeDatabaseRoleException.class)
                .hasMessageContaining("heroes_backup has BYPASSRLS");
    }
}
