package org.heroes.analytics.ingest.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.heroes.analytics.schemas.RetentionFloor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What one request may carry ({@code ingest.limits.*}).
 *
 * @param maxEvents the most events (or roster records) in one request; more answers 413
 * @param maxBodySize the largest request body; larger answers 413
 * @param maxFutureSkew how far in the future an {@code occurredAt} may lie (after the correction for the sender's
 *     clock, {@code sentAt}), for clocks that run a little fast
 * @param retentionAge how far in the past an event's {@code occurredAt} may lie: the retention age
 *     ({@code HEROES_RETENTION_AGE}, the aggregator's {@code aggregator.retention.age}), which is also the largest
 *     clock correction made; tablets go offline for weeks, and an event older than this would be deleted anyway
 * @param retentionAllowShort whether a retention age below 30 days is meant ({@code HEROES_RETENTION_ALLOW_SHORT}),
 *     as the aggregator requires ({@link RetentionFloor})
 */
@Validated
@ConfigurationProperties("ingest.limits")
record IngestLimitsProperties(
        @DefaultValue("500") @Min(1) @Max(10_000) int maxEvents,
        @DefaultValue("1MB") @NotNull DataSize maxBodySize,
        @DefaultValue("5m") @NotNull Duration maxFutureSkew,
        @DefaultValue("400d") @NotNull Duration retentionAge,
        @DefaultValue("false") boolean retentionAllowShort) {

    IngestLimitsProperties {
        if (retentionAge != null) {
            if (retentionAge.isNegative() || retentionAge.isZero()) {
                throw new IllegalArgumentException("ingest.limits.retention-age must be positive, not " + retentionAge);
            }
            RetentionFloor.check(
                    retentionAge,
                    retentionAllowShort,
                    RetentionFloor.AGE_VARIABLE + " (ingest.limits.retention-age)",
                    RetentionFloor.OVERRIDE_VARIABLE + "=true");
        }
    }
}
