/**
 * Each facilitator's rate limit on the query API: a token bucket per facilitator (the verified token's {@code sub};
 * the rate-limit module's {@code CallerRateLimiter}, in bounded memory) charged by a Spring MVC interceptor on
 * {@code /v1/**} after authentication; a spent bucket answers {@code 429} with {@code Retry-After}
 * (problem+json). Configured by {@code heroes.query.rate-limit.*}.
 */
package org.heroes.analytics.query.ratelimit;
