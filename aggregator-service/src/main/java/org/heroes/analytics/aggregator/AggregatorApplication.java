package org.heroes.analytics.aggregator;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The aggregator: consumes every event topic in batches and writes each batch through PgBouncer in
 * one transaction, acknowledging the batch's offsets only after the commit.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class AggregatorApplication {

    /** The application with its own config file, {@code aggregator-service.yml}. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(AggregatorApplication.class)
                .properties("spring.config.name=aggregator-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }
}
