package org.heroes.analytics.ingest.web;

/** The request body is larger than {@code ingest.limits.max-body-size}. */
final class PayloadTooLargeException extends RuntimeException {

    PayloadTooLargeException(long limit) {
        super("the request body is larger than " + limit + " bytes");
    }
}
