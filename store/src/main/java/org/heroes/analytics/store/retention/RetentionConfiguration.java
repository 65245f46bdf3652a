package org.heroes.analytics.store.retention;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.heroes.analytics.store.drop.ExpiredEvents;
import org.heroes.analytics.store.sink.SinkConfiguration;
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

    @Bean
    ExpiredEvents expiredEvents(RetentionProperties properties, RetentionHorizon horizon, MeterRegistry registry) {
        return new ExpiredEvents(properties.age(), horizon::stored, Clock.systemUTC(), registry);
    }
}
