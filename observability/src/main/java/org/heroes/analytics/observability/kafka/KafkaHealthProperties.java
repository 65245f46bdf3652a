package org.heroes.analytics.observability.kafka;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Kafka health check ({@code heroes.health.kafka.*}).
 *
 * @param timeout how long one check waits for the cluster to answer before the indicator reports DOWN; short, as
 *     the readiness probe that asks has its own time-out
 */
@ConfigurationProperties("heroes.health.kafka")
public record KafkaHealthProperties(@DefaultValue("3s") Duration timeout) {

    public KafkaHealthProperties {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("heroes.health.kafka.timeout must be positive");
        }
    }
}
