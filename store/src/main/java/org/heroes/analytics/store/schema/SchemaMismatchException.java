package org.heroes.analytics.store.schema;

/** The database's schema is not the one this aggregator was built for: it does not start (the message says why). */
public class SchemaMismatchException extends RuntimeException {

    private final String problem;
    private final String action;

    SchemaMismatchException(String problem, String action) {
        super(problem + ": " + action);
        this.problem = problem;
        this.action = action;
    }

    /** What is wrong, with the versions. */
    public String problem() {
        return problem;
    }

    /** What the operator does about it. */
    public String action() {
        return action;
    }
}
