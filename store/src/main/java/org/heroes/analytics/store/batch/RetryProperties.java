package org.heroes.analytics.store.batch;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Back-off between attempts of a failed batch ({@code aggregator.retry.*}). One retry cycle makes
 * at most {@code maxAttempts} deliveries of the batch, waiting {@code initialInterval}, then
 * {@code multiplier} times longer each time, never more than {@code maxInterval}. A batch is never
 * skipped: after a cycle the batch is sought back and the next cycle starts, so a database outage
 * delays consumption and loses nothing.
 *
 * @param initialInterval wait before the first retry
 * @param multiplier growth of the wait per retry
 * @param maxInterval longest single wait; keep well below {@code max.poll.interval.ms}
 * @param maxAttempts deliveries per cycle, the first one included
 */
@Validated
@ConfigurationProperties("aggregator.retry")
public record RetryProperties(
        @NotNull @DefaultValue("500ms") Duration initialInterval,
        @DecimalMin("1.0") @DefaultValue("2.0") double multiplier,
        @NotNull @DefaultValue("30s") Duration maxInterval,
        @Min(1) @Max(100) @DefaultValue("8") int maxAttempts) {}
