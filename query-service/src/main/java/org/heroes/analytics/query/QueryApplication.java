package org.heroes.analytics.query;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** query-service: the facilitators' read side (contract §4) under PostgreSQL row-level security. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class QueryApplication {

    /** The application with its own config file, {@code query-service.yml}, as the system tests start it. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(QueryApplication.class).properties("spring.config.name=query-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
