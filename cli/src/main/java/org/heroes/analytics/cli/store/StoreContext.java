package org.heroes.analytics.cli.store;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.heroes.analytics.store.forget.ForgetConfiguration;
import org.heroes.analytics.store.replay.ReplayConfiguration;
import org.heroes.analytics.store.rollups.RollupConfiguration;
import org.heroes.analytics.store.schema.SchemaConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The store library's writer and operations in the CLI's own Spring context (ADR 0010, 0034), for the commands that
 * must use the aggregator's own code (replay, rollup rebuild, forget-student): the writer's DataSource through
 * PgBouncer and the Kafka clients, configured by {@code cli-store.yml} from the same {@code HEROES_*} variables as
 * the aggregator; no web server, no listener, no schedule. Like the service it migrates nothing and checks the
 * schema version at start.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({SchemaConfiguration.class, ReplayConfiguration.class, RollupConfiguration.class, ForgetConfiguration.class})
public class StoreContext {

    /** Command-line arguments of the context, so that they outrank its configuration file. */
    private static final String[] ARGUMENTS = {
        "--spring.main.banner-mode=off", "--spring.main.log-startup-info=false",
    };

    /** The meters the writer counts into; a command's run exports them nowhere. */
    @Bean
    MeterRegistry meterRegistry() {
        return new SimpleMeterRegistry();
    }

    /**
     * Starts the context; the caller closes it. {@code verbose}: the store's logs at INFO; else warnings only,
     * and of the Kafka clients errors only (their warnings about partitions a short-lived planning consumer gave
     * up are noise to an operator).
     */
    public static ConfigurableApplicationContext start(boolean verbose) {
        String[] arguments = java.util.Arrays.copyOf(ARGUMENTS, ARGUMENTS.length + 2);
        arguments[ARGUMENTS.length] = "--logging.level.root=" + (verbose ? "info" : "warn");
        arguments[ARGUMENTS.length + 1] = "--logging.level.org.apache.kafka=" + (verbose ? "info" : "error");
        return new SpringApplicationBuilder(StoreContext.class)
                .web(WebApplicationType.NONE)
                .properties("spring.config.name=cli-store")
                .run(arguments);
    }
}
