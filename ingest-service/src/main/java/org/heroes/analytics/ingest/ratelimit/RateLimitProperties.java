package org.heroes.analytics.ingest.ratelimit;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How many requests a token may make ({@code ingest.rate-limits.*}).
 *
 * @param client the limit of each client app token, counted per classroom (claim {@code classroom_id}),
 *     so a fresh token does not bring a fresh bucket
 * @param service the limit of each service token (the main app), counted per subject
 */
@Validated
@ConfigurationProperties("ingest.rate-limits")
public record RateLimitProperties(
        @DefaultValue @Valid @NotNull Limit client,
        @DefaultValue @Valid @NotNull Limit service) {

    /**
     * A token bucket: {@code burst} requests at once, refilled with {@code requests} every {@code per}.
     *
     * @param burst the bucket's capacity
     * @param requests the requests added back every {@code per}, smoothly (greedy refill)
     * @param per the refill period
     */
    public record Limit(
            @DefaultValue("20") @Min(1) long burst,
            @DefaultValue("10") @Min(1) long requests,
            @DefaultValue("1s") @NotNull Duration per) {}
}
