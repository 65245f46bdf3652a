package org.heroes.analytics.store.rollups;

/**
 * A rebuild failed and was rolled back: the rollups are as they were. {@link #retriable()} tells the
 * operator whether running it again may succeed (the database or PgBouncer was briefly unreachable, a
 * deadlock or serialization failure) or whether something must be fixed first (grants, schema).
 */
public class RollupRebuildException extends RuntimeException {

    private final boolean retriable;

    RollupRebuildException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    /** True if the same rebuild may succeed when run again. */
    public boolean retriable() {
        return retriable;
    }
}
