package org.heroes.analytics.aggregator.schedules;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The job's schedule when {@code aggregator.partitions.schedule-enabled} (default): never in the operator CLI. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "aggregator.partitions.schedule-enabled", matchIfMissing = true)
class PartitionConfiguration {

    @Bean
    PartitionSchedule partitionSchedule(PartitionMaintenance maintenance) {
        return new PartitionSchedule(maintenance);
    }
}
