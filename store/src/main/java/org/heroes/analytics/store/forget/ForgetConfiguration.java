package org.heroes.analytics.store.forget;

import org.heroes.analytics.store.batch.WriterConfiguration;
import org.heroes.analytics.store.rollups.RollupConfiguration;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/** Forget-student and the roster tombstones' forget; both rebuild the touched rollups in their transaction. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@Import({WriterConfiguration.class, RollupConfiguration.class})
public class ForgetConfiguration {}
