package org.heroes.analytics.ingest.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.heroes.analytics.auth.TokenClaims;
import org.heroes.analytics.ratelimit.CallerRateLimiter;
import org.heroes.analytics.ratelimit.RateLimitedException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * One bucket per caller ({@link CallerRateLimiter}): a client app's classroom, or a service token's subject, each
 * kind with its own limit. Refused requests are counted as {@code ingest.rate.limited{token=client|service}}.
 */
@Component
class RateLimiter {

    /** Far more classrooms than post at once; an idle caller's bucket is dropped anyway once it is full again. */
    static final long MAX_CALLERS = 100_000;

    private final CallerRateLimiter clients;
    private final CallerRateLimiter services;
    private final Counter clientsRefused;
    private final Counter servicesRefused;

    RateLimiter(RateLimitProperties properties, MeterRegistry meters) {
        this.clients = new CallerRateLimiter(properties.client(), MAX_CALLERS);
        this.services = new CallerRateLimiter(properties.service(), MAX_CALLERS);
        this.clientsRefused = meters.counter("ingest.rate.limited", "token", "client");
        this.servicesRefused = meters.counter("ingest.rate.limited", "token", "service");
    }

    /**
     * Takes one request from the caller's bucket.
     *
     * @throws RateLimitedException if the bucket is empty, with the seconds until it holds one again
     */
    void acquire(Jwt token) {
        boolean client = token.hasClaim(TokenClaims.CLASSROOM_ID);
        CallerRateLimiter limiter = client ? clients : services;
        String caller = client ? token.getClaimAsString(TokenClaims.CLASSROOM_ID) : token.getSubject();
        limiter.tryAcquire(caller).ifPresent(seconds -> {
            (client ? clientsRefused : servicesRefused).increment();
            throw new RateLimitedException(seconds);
        });
    }
}
