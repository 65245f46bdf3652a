package org.heroes.analytics.observability.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The {@code kafka} indicator against the real broker of test-support, and against a port nothing listens on. */
class KafkaHealthIndicatorIT {

    @Test
    void upWhenTheClusterAnswers() throws Exception {
        var indicator = indicator(HeroesInfrastructure.get().kafkaBootstrap());
        try {
            Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsKeys("clusterId", "nodes");
        } finally {
            indicator.destroy();
        }
    }

    @Test
    void downWithinTheTimeoutWhenNoBrokerAnswers() throws Exception {
        var indicator = indicator("127.0.0.1:1");
        try {
            long began = System.nanoTime();
            Health health = indicator.health();

            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(5));
        } finally {
            indicator.destroy();
        }
    }

    private static KafkaHealthIndicator indicator(String bootstrap) {
        return new KafkaHealthIndicator(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap), Duration.ofMillis(1500));
    }
}
