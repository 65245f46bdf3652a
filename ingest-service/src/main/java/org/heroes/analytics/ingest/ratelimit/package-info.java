/**
 * Per-token rate limits: a token bucket (the rate-limit module's {@code CallerRateLimiter}) per client app (its
 * classroom) and per service token (its subject), configured separately, checked before a request's body is read.
 * A spent bucket answers {@code 429} with {@code Retry-After}.
 */
package org.heroes.analytics.ingest.ratelimit;
