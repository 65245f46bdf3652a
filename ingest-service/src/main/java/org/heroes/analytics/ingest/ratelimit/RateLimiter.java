package org.heroes.analytics.ingest.ratelimit;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.heroes.analytics.auth.TokenClaims;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * One bucket per caller, in memory: a client app's classroom or a service token's subject. Callers only
 * come from tokens this system signed, so the number of buckets is bounded by the number of classrooms.
 * Refused requests are counted as {@code ingest.rate.limited{token=client|service}}.
 */
@Component
class RateLimiter {

    private final RateLimitProperties properties;
    private final MeterRegistry meters;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(RateLimitProperties properties, MeterRegistry meters) {
        this.properties = properties;
        this.meters = meters;
    }

    /**
     * Takes one request from the caller's bucket.
     *
     * @throws RateLimitedException if the bucket is empty, with the seconds until it holds one again
     */
    void acquire(Jwt token) {
        boolean client = token.hasClaim(TokenClaims.CLASSROOM_ID);
        String caller =
                client ? "client:" + token.getClaimAsString(TokenClaims.CLASSROOM_ID) : "service:" + token.getSubject();
        RateLimitProperties.Limit limit = client ? properties.client() : properties.service();
        ConsumptionProbe probe =
                buckets.computeIfAbsent(caller, key -> bucket(limit)).tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            meters.counter("ingest.rate.limited", "token", client ? "client" : "service")
                    .increment();
            long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill() + 999_999_999L));
            throw new RateLimitedException(seconds);
        }
    }

    private static Bucket bucket(RateLimitProperties.Limit limit) {
        return Bucket.builder()
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.requests(), limit.per())
                        .build())
                .build();
    }
}
