package org.heroes.analytics.cli.aggregator;

import java.util.Arrays;
import org.heroes.analytics.aggregator.AggregatorApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The aggregator's Spring context run inside the CLI (ADR 0010), for the commands that must use the aggregator's
 * own code (replay, rollup rebuild): its configuration and variables, but no web server, no live listener and no
 * scheduled retention job. Like the service it migrates nothing and checks the schema version at start.
 */
public final class AggregatorContext {

    /** Command-line arguments of the context, so that they outrank its configuration file. */
    private static final String[] ARGUMENTS = {
        "--spring.main.web-application-type=none",
        "--spring.main.banner-mode=off",
        "--spring.main.log-startup-info=false",
        "--aggregator.listener.auto-startup=false",
        // the retention job runs in the service, never in an operator's command (its filter still applies)
        "--aggregator.retention.schedule-enabled=false",
        // nor does the partition job (it would create partitions at every command's start-up)
        "--aggregator.partitions.schedule-enabled=false",
        // the live aggregator exports PgBouncer's figures; a CLI run would only poll the console for nobody
        "--aggregator.pgbouncer-metrics.enabled=false"
    };

    private AggregatorContext() {}

    /**
     * Starts the context; the caller closes it. {@code verbose}: the aggregator's logs at INFO; else warnings only,
     * and of the Kafka clients errors only (their warnings about partitions a short-lived planning consumer gave
     * up are noise to an operator).
     */
    public static ConfigurableApplicationContext start(boolean verbose) {
        String[] arguments = Arrays.copyOf(ARGUMENTS, ARGUMENTS.length + 2);
        arguments[ARGUMENTS.length] = "--logging.level.root=" + (verbose ? "info" : "warn");
        arguments[ARGUMENTS.length + 1] = "--logging.level.org.apache.kafka=" + (verbose ? "info" : "error");
        return AggregatorApplication.application().web(WebApplicationType.NONE).run(arguments);
    }
}
