package org.heroes.analytics.aggregator.consumer;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the topics are consumed ({@code aggregator.batch.*}). The batch size itself is Kafka's
 * {@code spring.kafka.consumer.max-poll-records} (with {@code fetch-min-size}/{@code fetch-max-wait}).
 *
 * @param concurrency listener threads, each one consumer of the group; more than the topics'
 *     partition count (3 each) only adds idle consumers
 * @param shutdownTimeout on shutdown (SIGTERM), how long a stopping container waits for the batch in hand to be
 *     committed with its offsets or rolled back without them; a container stop never cuts a batch short
 */
@Validated
@ConfigurationProperties("aggregator.batch")
record BatchProperties(
        @Min(1) @Max(64) @DefaultValue("3") int concurrency,
        @NotNull @DefaultValue("40s") Duration shutdownTimeout) {}
