package org.heroes.analytics.ingest.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Charges each authenticated API request to its token's bucket before the handler reads the body; a
 * refusal is a {@link org.heroes.analytics.ratelimit.RateLimitedException}, which the web layer's advice answers
 * with 429 and {@code Retry-After}.
 */
@Component
public class RateLimitInterceptor implements HandlerInterceptor {

    private final RateLimiter limiter;

    RateLimitInterceptor(RateLimiter limiter) {
        this.limiter = limiter;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getUserPrincipal() instanceof JwtAuthenticationToken caller) {
            limiter.acquire(caller.getToken());
        }
        return true;
    }
}
