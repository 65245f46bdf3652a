/**
 * Per-caller rate limits shared by the services' APIs: {@link org.heroes.analytics.ratelimit.CallerRateLimiter}, a
 * token bucket per caller in bounded memory, shaped by a {@link org.heroes.analytics.ratelimit.RateLimit}; a spent
 * bucket is a {@link org.heroes.analytics.ratelimit.RateLimitedException}, answered {@code 429} with {@code
 * Retry-After}. Each service decides who a caller is (ingest: a client app's classroom or a service token's
 * subject; query-service: the facilitator) and where the limit applies.
 */
package org.heroes.analytics.ratelimit;
