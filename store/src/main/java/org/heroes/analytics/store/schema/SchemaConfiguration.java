package org.heroes.analytics.store.schema;

import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;

/** The schema version check: a context that writes starts only on the schema its {@code schemas} jar carries. */
@Configuration(proxyBeanMethods = false)
@ComponentScan
public class SchemaConfiguration {}
