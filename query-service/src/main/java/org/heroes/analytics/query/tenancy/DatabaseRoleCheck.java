package org.heroes.analytics.query.tenancy;

import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * contract §5: "no service runs as a superuser, as a table owner, or with BYPASSRLS; query-service refuses to start if
 * it finds itself so". Row-level security is this service's only tenant boundary, and each of those would switch it
 * off, so before the web server opens its port this asks PostgreSQL who the service is connected as and refuses to
 * start, naming every finding, if the role could see rows that are not its facilitator's.
 */
@Component
class DatabaseRoleCheck implements SmartInitializingSingleton {

    static final String ROLE_ATTRIBUTES = """
            SELECT r.rolname, r.rolsuper, r.rolbypassrls
            FROM pg_roles r
            WHERE r.rolname = current_user
            """;

    /** Tables, views and the like in this database owned by the role or by any role it is a member of. */
    static final String OWNED_RELATIONS = """
            SELECT c.oid::regclass::text AS relation
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%'
              AND pg_has_role(current_user, c.relowner, 'MEMBER')
            ORDER BY 1
            """;

    /**
     * Everything the role can read that row-level security does not filter, forced: views and materialized views
     * count, since they cannot carry a policy of their own.
     */
    static final String READABLE_WITHOUT_FORCED_RLS = """
            SELECT c.oid::regclass::text AS relation
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
              AND n.nspname NOT IN ('pg_catalog', 'information_schema')
              AND n.nspname NOT LIKE 'pg\\_toast%'
              AND has_any_column_privilege(current_user, c.oid, 'SELECT')
              AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
            ORDER BY 1
            """;

    private final JdbcClient jdbc;

    DatabaseRoleCheck(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    @Override
    public void afterSingletonsInstantiated() {
        verify();
    }

    /** @throws UnsafeDatabaseRoleException naming every reason the role may not serve facilitators */
    void verify() {
        List<String> findings = findings();
        if (!findings.isEmpty()) {
            throw new UnsafeDatabaseRoleException(findings);
        }
    }

    List<String> findings() {
        List<String> findings = new ArrayList<>();
        RoleAttributes role = jdbc.sql(ROLE_ATTRIBUTES)
                .query((rs, row) -> new RoleAttributes(
                        rs.getString("rolname"), rs.getBoolean("rolsuper"), rs.getBoolean("rolbypassrls")))
                .single();
        if (role.superuser()) {
            findings.add("role " + role.name() + " is a superuser");
        }
        if (role.bypassRls()) {
            findings.add("role " + role.name() + " has BYPASSRLS");
        }
        List<String> owned = jdbc.sql(OWNED_RELATIONS).query(String.class).list();
        if (!owned.isEmpty()) {
            findings.add("role " + role.name() + " owns (or is a member of the owner of) " + owned);
        }
        List<String> unprotected =
                jdbc.sql(READABLE_WITHOUT_FORCED_RLS).query(String.class).list();
        if (!unprotected.isEmpty()) {
            findings.add(
                    "role " + role.name() + " can read relations without forced row-level security: " + unprotected);
        }
        return findings;
    }

    private record RoleAttributes(String name, boolean superuser, boolean bypassRls) {}
}
