package org.heroes.analytics.ingest.ratelimit;

/** The caller's token spent its rate limit; it may try again after {@link #retryAfterSeconds()}. */
public final class RateLimitedException extends RuntimeException {

    private final long retryAfterSeconds;

    RateLimitedException(long retryAfterSeconds) {
        super("the token's rate limit is spent; retry after " + retryAfterSeconds + " s");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
