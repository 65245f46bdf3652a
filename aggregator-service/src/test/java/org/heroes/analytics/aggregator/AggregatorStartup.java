package org.heroes.analytics.aggregator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Starts a whole aggregator context of its own in this JVM, beside the shared one of {@link
 * AggregatorIntegrationTest}, for tests of what happens at start-up: given only what the stack gives the service
 * (the writer's credentials, {@link HeroesInfrastructure#serviceEnvironment}), consuming nothing and running no job,
 * so that it takes no partition from the shared context's listener. The caller closes what it returns.
 */
public final class AggregatorStartup {

    private static final List<String> QUIET = List.of(
            "--server.port=0",
            "--aggregator.listener.auto-startup=false",
            "--aggregator.partitions.schedule-enabled=false",
            "--aggregator.retention.schedule-enabled=false",
            "--aggregator.pgbouncer-metrics.enabled=false",
            "--spring.main.banner-mode=off");

    private AggregatorStartup() {}

    /** Starts the aggregator with the writer's environment, {@code variables} over it, and {@code arguments}. */
    public static ConfigurableApplicationContext start(Map<String, String> variables, String... arguments) {
        Map<String, Object> environment =
                new LinkedHashMap<>(HeroesInfrastructure.get().serviceEnvironment(DbRole.WRITER));
        environment.putAll(variables);
        List<String> args = new ArrayList<>(QUIET);
        args.addAll(List.of(arguments));
        return AggregatorApplication.application().properties(environment).run(args.toArray(String[]::new));
    }
}
