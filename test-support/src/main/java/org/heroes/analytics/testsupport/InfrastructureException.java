package org.heroes.analytics.testsupport;

/** The test infrastructure could not be started, used or stopped; the message says which part and why. */
public class InfrastructureException extends RuntimeException {

    InfrastructureException(String message) {
        super(message);
    }

    InfrastructureException(String message, Throwable cause) {
        super(message, cause);
    }
}
