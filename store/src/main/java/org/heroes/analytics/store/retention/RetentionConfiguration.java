package org.heroes.analytics.store.retention;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The writers' filter, and the job's schedule when {@code aggregator.retention.schedule-enabled} (default). */
@Configuration(proxyBeanMethods = false)
class RetentionConfiguration {

    @Bean
    ExpiredEvents expiredEvents(RetentionProperties properties, RetentionHorizon horizon, MeterRegistry registry) {
        return new ExpiredEvents(properties.age(), horizon::stored, Clock.systemUTC(), registry);
    }

    /** Scheduling only where the job is to run: the operator CLI's in-process context schedules nothing. */
    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    @ConditionalOnProperty(name = "aggregator.retention.schedule-enabled", matchIfMissing = true)
    static class ScheduleConfiguration {

        @Bean
        RetentionSchedule retentionSchedule(RetentionPurge purge, RetentionProperties properties) {
            return new RetentionSchedule(purge, properties);
        }
    }
}
