package org.heroes.analytics.query.ratelimit;

import io.micrometer.core.instrument.Counter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.heroes.analytics.ratelimit.CallerRateLimiter;
import org.heroes.analytics.ratelimit.RateLimitedException;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Charges each authenticated API request to its facilitator's bucket (the verified token's {@code sub}, so a fresh
 * token brings no fresh allowance), after authentication and before the handler reads anything. A refusal is a
 * {@link RateLimitedException}: 429 with {@code Retry-After}, answered by the web layer's advice; refusals are
 * counted as {@code query.rate.limited}.
 */
final class FacilitatorRateLimitInterceptor implements HandlerInterceptor {

    private final CallerRateLimiter limiter;
    private final Counter refused;

    /** Charges {@code limiter}; counts each refusal on {@code refused}. */
    FacilitatorRateLimitInterceptor(CallerRateLimiter limiter, Counter refused) {
        this.limiter = limiter;
        this.refused = refused;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getUserPrincipal() instanceof JwtAuthenticationToken caller) {
            limiter.tryAcquire(caller.getToken().getSubject()).ifPresent(seconds -> {
                refused.increment();
                throw new RateLimitedException(seconds);
            });
        }
        return true;
    }
}
