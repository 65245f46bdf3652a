package org.heroes.analytics.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * One token bucket (bucket4j, greedy refill) per caller, in bounded memory: a caller's bucket is dropped once the
 * caller has been idle for the limit's {@linkplain RateLimit#refillTime() refill time}, when it would be full again
 * and so no different from a new one (dropping it forgives nothing), and at most {@code maxCallers} buckets are kept
 * (beyond that the least recently used go first: a caller forgotten early gets a full bucket, which only errs
 * towards serving). Callers are named by the service, from its verified tokens.
 */
public final class CallerRateLimiter {

    private static final long NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

    private final RateLimit limit;
    private final TimeMeter time;
    private final Cache<String, Bucket> buckets;

    /** Buckets of {@code limit}'s shape for at most {@code maxCallers} callers at once. */
    public CallerRateLimiter(RateLimit limit, long maxCallers) {
        this(limit, maxCallers, Ticker.systemTicker());
    }

    /** As above, on {@code ticker}'s nanoseconds (a test's clock). */
    CallerRateLimiter(RateLimit limit, long maxCallers, Ticker ticker) {
        if (maxCallers < 1) {
            throw new IllegalArgumentException("maxCallers must be at least 1, not " + maxCallers);
        }
        this.limit = limit;
        this.time = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return ticker.read();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
        this.buckets = Caffeine.newBuilder()
                .expireAfterAccess(limit.refillTime())
                .maximumSize(maxCallers)
                .ticker(ticker)
                .build();
    }

    /**
     * Takes one request from {@code caller}'s bucket.
     *
     * @return empty if the bucket held one; otherwise the whole seconds (at least 1, rounded up) until it will
     */
    public OptionalLong tryAcquire(String caller) {
        ConsumptionProbe probe = buckets.get(caller, key -> newBucket()).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return OptionalLong.empty();
        }
        long nanos = probe.getNanosToWaitForRefill();
        return OptionalLong.of(Math.max(1, (nanos + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
    }

    /** How many callers' buckets are kept now (after pending expiry and eviction). */
    long callers() {
        buckets.cleanUp();
        return buckets.estimatedSize();
    }

    private Bucket newBucket() {
        return Bucket.builder()
                .withCustomTimePrecision(time)
                .addLimit(Bandwidth.builder()
                        .capacity(limit.burst())
                        .refillGreedy(limit.requests(), limit.per())
                        .build())
                .build();
    }
}
