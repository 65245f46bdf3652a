package org.heroes.analytics.store.rollups;

import org.heroes.analytics.store.retention.RetentionConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** The rollup rebuild (by scope, from the raw rows within the retention horizon). */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@Import(RetentionConfiguration.class)
public class RollupConfiguration {}
