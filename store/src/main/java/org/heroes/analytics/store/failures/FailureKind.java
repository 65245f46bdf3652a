package org.heroes.analytics.store.failures;

/** What a failed batch write means for the batch. */
public enum FailureKind {
    /**
     * The database or the way to it is briefly unavailable (connection lost, pool exhausted,
     * deadlock, serialization failure, shutdown, too many connections): the same batch will succeed
     * later. Retry the whole batch with back-off; commit nothing meanwhile.
     */
    TRANSIENT,
    /**
     * A record's own data was refused (SQLState class 22 data exception or 23 integrity violation):
     * the same batch fails the same way forever, but its other records are fine. Find the record(s)
     * and dead-letter them, write the rest.
     */
    RECORD_DATA,
    /**
     * Anything else: wrong grants, a missing table or column, bad SQL, failed authentication. No
     * record is at fault and every batch will fail alike until an operator fixes the deployment, so
     * dead-lettering would only move good data aside. Retry with back-off and commit nothing: the
     * consumer stalls visibly (logged on every retry cycle) and resumes by itself once fixed.
     */
    FATAL
}
