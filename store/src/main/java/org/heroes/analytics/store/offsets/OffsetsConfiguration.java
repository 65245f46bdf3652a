package org.heroes.analytics.store.offsets;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The offsets stored beside the rows (consumer_offsets); imported by whoever writes a batch. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class OffsetsConfiguration {}
