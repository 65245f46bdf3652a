package org.heroes.analytics.query.ratelimit;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.heroes.analytics.ratelimit.RateLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Each facilitator's rate limit on the query API ({@code heroes.query.rate-limit.*}, {@code
 * HEROES_QUERY_RATE_LIMIT_BURST}, {@code _REQUESTS}, {@code _PER}): a token bucket per facilitator. The defaults are
 * chosen so that a dashboard never meets them and a script hammering the API does (query-service README).
 *
 * @param burst requests a facilitator may make at once: ten dashboard pages opened together
 * @param requests requests added back every {@code per}: the sustained rate, a page every half second
 * @param per the period of {@code requests}
 */
@Validated
@ConfigurationProperties("heroes.query.rate-limit")
public record RateLimitProperties(
        @DefaultValue("60") @Min(1) long burst,
        @DefaultValue("10") @Min(1) long requests,
        @DefaultValue("1s") @NotNull Duration per) {

    RateLimit limit() {
        return new RateLimit(burst, requests, per);
    }
}
