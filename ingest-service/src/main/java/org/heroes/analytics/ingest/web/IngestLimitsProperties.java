package org.heroes.analytics.ingest.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one request may carry ({@code ingest.limits.*}).
 *
 * @param maxEvents the most events (or roster records) in one request; more answers 413
 * @param maxBodySize the largest request body; larger answers 413
 * @param maxFutureSkew how far in the future an {@code occurredAt} may lie, for client clocks that run fast
 * @param liveWindow how far in the past an event's {@code occurredAt} may lie; older events go through
 *     the backfill
 */
@Validated
@ConfigurationProperties("ingest.limits")
record IngestLimitsProperties(
        @DefaultValue("500") @Min(1) @Max(10_000) int maxEvents,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("5m") @NotNull Duration maxFutureSkew,
        @DefaultValue("7d") @NotNull Duration liveWindow) {}
