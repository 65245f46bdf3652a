package org.heroes.analytics.ingest.ratelimit;

import jakarta.validation.constraints.NotNull;
import org.heroes.analytics.ratelimit.RateLimit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How many requests a token may make ({@code ingest.rate-limits.*}), each a token bucket ({@link RateLimit}: {@code
 * burst}, then {@code requests} every {@code per}); the defaults are in {@code ingest-service.yml}.
 *
 * @param client the limit of each client app token, counted per classroom (claim {@code classroom_id}), so a fresh
 *     token does not bring a fresh bucket
 * @param service the limit of each service token (the main app), counted per subject
 */
@Validated
@ConfigurationProperties("ingest.rate-limits")
public record RateLimitProperties(
        @NotNull RateLimit client, @NotNull RateLimit service) {}
