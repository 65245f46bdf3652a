package org.heroes.analytics.testsupport;

/** The database roles of contract §5 and how each one connects. */
public enum DbRole {
    /** The cluster's superuser; straight to PostgreSQL. For set-up and assertions only. */
    SUPERUSER("postgres", false),
    /** Owns the tables and runs migrations; straight to PostgreSQL. */
    OWNER("heroes_owner", false),
    /** The aggregator's inserts and updates; through PgBouncer. */
    WRITER("heroes_writer", true),
    /** query-service's row-level-secured reads; through PgBouncer. */
    READER("heroes_reader", true),
    /** Reads everything for pg_dump (BYPASSRLS); straight to PostgreSQL. */
    BACKUP("heroes_backup", false);

    private final String userName;
    private final boolean throughPgBouncer;

    DbRole(String userName, boolean throughPgBouncer) {
        this.userName = userName;
        this.throughPgBouncer = throughPgBouncer;
    }

    /** The PostgreSQL role name. */
    public String userName() {
        return userName;
    }

    /** Whether this role's connections go through PgBouncer (transaction pooling). */
    public boolean throughPgBouncer() {
        return throughPgBouncer;
    }

    /** The suffix of this role's variables: {@code HEROES_PG_<suffix>_PASSWORD}, {@code ..._URI}. */
    String variableSuffix() {
        return name();
    }
}
