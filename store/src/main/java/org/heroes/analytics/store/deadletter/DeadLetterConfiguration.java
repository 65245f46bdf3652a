package org.heroes.analytics.store.deadletter;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The dead-letter publisher and its {@code aggregator.dead-letter.*} settings. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(DeadLetterProperties.class)
public class DeadLetterConfiguration {}
