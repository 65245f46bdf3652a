package org.heroes.analytics.store.retention;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.heroes.analytics.schemas.RetentionFloor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long raw events are kept and how the job that removes them runs ({@code aggregator.retention.*},
 * docs/data-retention.md).
 *
 * @param age raw events whose event time lies further in the past are deleted by the job and refused by
 *     every writer; 400 days by default (a school year and a margin); below 30 days only with {@code allowShort}
 * @param allowShort whether an age below the floor of 30 days is meant ({@code HEROES_RETENTION_ALLOW_SHORT}); else
 *     such an age, likely a typo that would purge years at the next run, stops the start-up ({@link RetentionFloor})
 * @param scheduleEnabled whether this instance runs the job on {@code cron} (aggregator-service's schedules; the
 *     operator CLI never schedules it); the filter applies regardless
 * @param cron when the job runs, a Spring cron expression in UTC; daily at 03:17 by default
 * @param batchSize rows deleted per statement and transaction: each batch holds its row locks only briefly
 */
@Validated
@ConfigurationProperties("aggregator.retention")
public record RetentionProperties(
        @NotNull @DefaultValue("400d") Duration age,
        @DefaultValue("false") boolean allowShort,
        @DefaultValue("true") boolean scheduleEnabled,
        @NotBlank @DefaultValue("0 17 3 * * *") String cron,
        @Min(1) @Max(100_000) @DefaultValue("5000") int batchSize) {

    public RetentionProperties {
        if (age != null && (age.isNegative() || age.isZero())) {
            throw new IllegalArgumentException("aggregator.retention.age must be positive, not " + age);
        }
        if (age != null) {
            RetentionFloor.check(
                    age,
                    allowShort,
                    RetentionFloor.AGE_VARIABLE + " (aggregator.retention.age)",
                    RetentionFloor.OVERRIDE_VARIABLE + "=true");
        }
    }
}
