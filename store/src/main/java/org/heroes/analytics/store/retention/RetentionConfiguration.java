package org.heroes.analytics.store.retention;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.heroes.analytics.store.drop.ExpiredEvents;
import org.heroes.analytics.store.sink.SinkConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The retention job ({@link RetentionPurge}; its schedule is the service's) and the writers' filter built from the
 * same {@code aggregator.retention.*} age and the stored horizon.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(RetentionProperties.class)
@Import(SinkConfiguration.class)
public class RetentionConfiguration {

    /**
     * The writers' age filter, on the system's clock unless the context has a {@code Clock} bean (the integration
     * tests', which write rows older than the age as they were written when young).
     */
    @Bean
    ExpiredEvents expiredEvents(
            RetentionProperties properties,
            RetentionHorizon horizon,
            MeterRegistry registry,
            ObjectProvider<Clock> clock) {
        return new ExpiredEvents(
                properties.age(), horizon::lockedForWrite, clock.getIfAvailable(Clock::systemUTC), registry);
    }
}
