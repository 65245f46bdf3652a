package org.heroes.analytics.ratelimit;

import java.time.Duration;

/**
 * A token bucket's shape: {@code burst} requests at once, then {@code requests} more every {@code per}, added back
 * smoothly (a request's worth every {@code per / requests}).
 *
 * @param burst the bucket's capacity: how many requests a caller may make at once after a pause
 * @param requests how many requests are added back every {@code per}: the sustained rate
 * @param per the period of {@code requests}
 */
public record RateLimit(long burst, long requests, Duration per) {

    public RateLimit {
        if (burst < 1) {
            throw new IllegalArgumentException("a rate limit's burst must be at least 1, not " + burst);
        }
        if (requests < 1) {
            throw new IllegalArgumentException("a rate limit's requests must be at least 1, not " + requests);
        }
        if (per == null || per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("a rate limit's period must be positive, not " + per);
        }
    }

    /**
     * How long an empty bucket takes to be full again: a caller idle this long has a bucket no different from a new
     * one, so it may be forgotten.
     */
    public Duration refillTime() {
        Duration whole = per.multipliedBy(burst);
        Duration refill = whole.dividedBy(requests);
        return refill.multipliedBy(requests).equals(whole) ? refill : refill.plusNanos(1);
    }
}
