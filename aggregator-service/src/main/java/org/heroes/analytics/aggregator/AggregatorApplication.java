package org.heroes.analytics.aggregator;

import org.heroes.analytics.store.batch.WriterConfiguration;
import org.heroes.analytics.store.forget.ForgetConfiguration;
import org.heroes.analytics.store.partitions.PartitionConfiguration;
import org.heroes.analytics.store.replay.ReplayConfiguration;
import org.heroes.analytics.store.retention.RetentionConfiguration;
import org.heroes.analytics.store.rollups.RollupConfiguration;
import org.heroes.analytics.store.schema.SchemaConfiguration;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;

/**
 * The aggregator: consumes every event topic in batches and writes each batch through PgBouncer in
 * one transaction, acknowledging the batch's offsets only after the commit. The writer and the jobs its schedules
 * run are the {@code store} library's (ADR 0034); this service holds the live listener, the schedules, PgBouncer's
 * metrics and the health endpoints.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import({
    SchemaConfiguration.class,
    WriterConfiguration.class,
    RetentionConfiguration.class,
    PartitionConfiguration.class,
    RollupConfiguration.class,
    ForgetConfiguration.class,
    ReplayConfiguration.class
})
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
