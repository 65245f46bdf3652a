package org.heroes.analytics.store.drop;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The drop-before-write filter of forgotten students (the retention filter, {@code ExpiredEvents}, is built by the retention configuration from its age and horizon). */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class DropConfiguration {}
