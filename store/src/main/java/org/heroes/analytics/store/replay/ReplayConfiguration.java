package org.heroes.analytics.store.replay;

import org.heroes.analytics.store.batch.WriterConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Replay of a topic range through the writer, and its {@code aggregator.replay.*} settings. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties(ReplayProperties.class)
@Import(WriterConfiguration.class)
public class ReplayConfiguration {}
