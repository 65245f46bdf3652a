package org.heroes.analytics.store.batch;

import java.nio.file.Path;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.SchemaHistory;
import org.heroes.analytics.store.deadletter.DeadLetterConfiguration;
import org.heroes.analytics.store.drop.DropConfiguration;
import org.heroes.analytics.store.offsets.OffsetsConfiguration;
import org.heroes.analytics.store.retention.RetentionConfiguration;
import org.heroes.analytics.store.sink.SinkConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The writer, the one path every record takes into the database (the live listener, a replay): a batch decoded
 * ({@code aggregator.schemas.*}), its expired events and forgotten students dropped, written with its offsets in one
 * transaction, its bad records dead-lettered, its failures classified. The retention configuration comes along for
 * the filter's age and horizon.
 */
@Configuration(proxyBeanMethods = false)
@ComponentScan
@EnableConfigurationProperties({SchemaProperties.class, RetryProperties.class})
@Import({
    SinkConfiguration.class,
    OffsetsConfiguration.class,
    DeadLetterConfiguration.class,
    DropConfiguration.class,
    RetentionConfiguration.class
})
public class WriterConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(WriterConfiguration.class);

    /** The codec over the published schema versions, plus the extra writer schemas if configured. */
    @Bean
    EventCodec eventCodec(SchemaProperties schemas) {
        if (!schemas.hasExtraDir()) {
            return EventCodec.create();
        }
        Path dir = Path.of(schemas.extraDir());
        LOG.info("reading the extra writer schemas in {} besides the published versions", dir);
        return new EventCodec(SchemaHistory.load(dir));
    }
}
