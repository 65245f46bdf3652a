package org.heroes.analytics.ingest;

import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** ingest-service: authenticates client apps, validates their events and publishes them to Kafka. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IngestApplication {

    /** The application with its own config file, {@code ingest-service.yml}; system tests start it from here. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(IngestApplication.class).properties("spring.config.name=ingest-service");
    }

    public static void main(String[] args) {
        application().run(args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
