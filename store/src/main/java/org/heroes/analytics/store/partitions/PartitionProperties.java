package org.heroes.analytics.store.partitions;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the partition job runs ({@code aggregator.partitions.*}, docs/operations.md "Partitions").
 *
 * @param monthsAhead partitions exist from the current month (UTC) to this many months after it; 3 by default,
 *     so a failing job has months to be noticed before an event lands in the default partition
 * @param scheduleEnabled whether this instance runs the job at start-up and on {@code cron} (aggregator-service's
 *     schedules; the operator CLI never schedules it)
 * @param cron when the job runs, a Spring cron expression in UTC; daily at 02:47 by default
 */
@Validated
@ConfigurationProperties("aggregator.partitions")
record PartitionProperties(
        @Min(0) @Max(24) @DefaultValue("3") int monthsAhead,
        @DefaultValue("true") boolean scheduleEnabled,
        @NotBlank @DefaultValue("0 47 2 * * *") String cron) {}
