package org.heroes.analytics.store.deadletter;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How dead letters are published ({@code aggregator.dead-letter.*}).
 *
 * @param sendTimeout how long a batch waits for all of its dead letters to be acknowledged (acks=all)
 *     before the batch fails and is retried; keep it above the producer's {@code delivery.timeout.ms}
 */
@Validated
@ConfigurationProperties("aggregator.dead-letter")
record DeadLetterProperties(@NotNull @DefaultValue("35s") Duration sendTimeout) {}
