package org.heroes.analytics.store.replay;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a replay reads ({@code aggregator.replay.*}). The batch size is the live consumer's
 * ({@code spring.kafka.consumer.max-poll-records}); a failed batch is retried with the live back-off
 * ({@code aggregator.retry.*}).
 *
 * @param groupId the replay's own consumer group: its Kafka offsets are committed after each batch
 *     for monitoring only (the replay never reads them back); never the live group
 * @param concurrency consumers (threads) reading the range, the partitions shared among them
 * @param pollTimeout longest wait of one poll
 */
@Validated
@ConfigurationProperties("aggregator.replay")
record ReplayProperties(
        @NotBlank @DefaultValue("heroes-replay") String groupId,
        @Min(1) @Max(64) @DefaultValue("3") int concurrency,
        @NotNull @DefaultValue("1s") Duration pollTimeout) {}
