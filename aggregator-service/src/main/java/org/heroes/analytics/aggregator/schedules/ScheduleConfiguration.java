package org.heroes.analytics.aggregator.schedules;

import org.heroes.analytics.store.partitions.PartitionMaintenance;
import org.heroes.analytics.store.retention.RetentionProperties;
import org.heroes.analytics.store.retention.RetentionPurge;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The service's jobs on their clocks: retention when {@code aggregator.retention.schedule-enabled}, partition
 * maintenance when {@code aggregator.partitions.schedule-enabled} (both by default; false on an instance that should
 * not run them). The jobs themselves are the store library's; the operator CLI runs none of these schedules.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ScheduleConfiguration {

    @Bean
    @ConditionalOnProperty(name = "aggregator.retention.schedule-enabled", matchIfMissing = true)
    RetentionSchedule retentionSchedule(RetentionPurge purge, RetentionProperties properties) {
        return new RetentionSchedule(purge, properties);
    }

    @Bean
    @ConditionalOnProperty(name = "aggregator.partitions.schedule-enabled", matchIfMissing = true)
    PartitionSchedule partitionSchedule(PartitionMaintenance maintenance) {
        return new PartitionSchedule(maintenance);
    }
}
