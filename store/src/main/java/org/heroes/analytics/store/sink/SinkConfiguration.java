package org.heroes.analytics.store.sink;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The sink's writers, one per table, and the roster gate; imported by whoever writes a batch. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class SinkConfiguration {}
