package org.heroes.analytics.aggregator.pgbouncer;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how often PgBouncer's admin console is read ({@code aggregator.pgbouncer-metrics.*}).
 *
 * @param enabled false: no {@code pgbouncer.*} meters (an aggregator without PgBouncer in front, say)
 * @param url the admin console, the virtual database {@code pgbouncer}; it speaks the simple query protocol only
 *     ({@code preferQueryMode=simple})
 * @param username a user in PgBouncer's {@code stats_users}
 * @param password its password; never defaulted
 * @param interval time between two reads
 */
@Validated
@ConfigurationProperties("aggregator.pgbouncer-metrics")
record PgBouncerMetricsProperties(
        @DefaultValue("true") boolean enabled,
        @NotBlank String url,
        @NotBlank String username,
        @NotNull String password,
        @NotNull @DefaultValue("15s") Duration interval) {}
