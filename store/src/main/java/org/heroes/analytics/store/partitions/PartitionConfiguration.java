package org.heroes.analytics.store.partitions;

import org.heroes.analytics.store.retention.RetentionConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Partition maintenance (the job, not its schedule) and its {@code aggregator.partitions.*} settings. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(PartitionProperties.class)
@Import(RetentionConfiguration.class)
public class PartitionConfiguration {}
