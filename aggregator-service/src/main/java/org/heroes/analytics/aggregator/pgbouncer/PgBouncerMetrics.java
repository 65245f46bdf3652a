package org.heroes.analytics.aggregator.pgbouncer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;

/**
 * Reads {@link PgBouncerStats} every interval on a thread of its own and publishes it as gauges; a scrape never
 * waits for PgBouncer. A failed read sets {@code pgbouncer.exporter.up} to 0, keeps the last figures, and is
 * logged once until a read succeeds again.
 */
@Component
@ConditionalOnBooleanProperty(name = "aggregator.pgbouncer-metrics.enabled", matchIfMissing = true)
class PgBouncerMetrics implements MeterBinder, DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(PgBouncerMetrics.class);

    private final PgBouncerMetricsProperties properties;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "pgbouncer-metrics");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger up = new AtomicInteger();
    private List<PoolGauge> poolGauges = List.of();
    private List<StatsGauge> statsGauges = List.of();
    private boolean failing;
    // touched by the poller thread only (and by destroy once the poller has stopped)
    private Connection console;

    PgBouncerMetrics(PgBouncerMetricsProperties properties) {
        this.properties = properties;
    }

    private record PoolGauge(MultiGauge gauge, ToDoubleFunction<PgBouncerStats.Pool> value) {}

    private record StatsGauge(MultiGauge gauge, ToDoubleFunction<PgBouncerStats.DatabaseStats> value) {}

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("pgbouncer.exporter.up", up, AtomicInteger::get)
                .description("1 if the last read of PgBouncer's SHOW POOLS and SHOW STATS succeeded, else 0")
                .register(registry);
        poolGauges = List.of(
                pool(
                        registry,
                        "pgbouncer.pools.client.active",
                        null,
                        "clients linked to a server connection",
                        p -> p.clientsActive()),
                pool(
                        registry,
                        "pgbouncer.pools.client.waiting",
                        null,
                        "clients waiting for a server connection",
                        p -> p.clientsWaiting()),
                pool(
                        registry,
                        "pgbouncer.pools.server.active",
                        null,
                        "server connections linked to a client",
                        p -> p.serversActive()),
                pool(
                        registry,
                        "pgbouncer.pools.server.idle",
                        null,
                        "server connections idle, ready for a client",
                        p -> p.serversIdle()),
                pool(
                        registry,
                        "pgbouncer.pools.client.maxwait",
                        "seconds",
                        "how long the oldest waiting client has waited",
                        PgBouncerStats.Pool::maxWaitSeconds));
        statsGauges = List.of(
                stats(
                        registry,
                        "pgbouncer.stats.queries",
                        null,
                        "queries per second, averaged over PgBouncer's last statistics period",
                        s -> s.queriesPerSecond()),
                stats(
                        registry,
                        "pgbouncer.stats.avg.query.time",
                        "seconds",
                        "average query time in the last statistics period",
                        PgBouncerStats.DatabaseStats::avgQuerySeconds),
                stats(
                        registry,
                        "pgbouncer.stats.avg.xact.time",
                        "seconds",
                        "average transaction time in the last statistics period",
                        PgBouncerStats.DatabaseStats::avgTransactionSeconds),
                stats(
                        registry,
                        "pgbouncer.stats.avg.wait.time",
                        "seconds",
                        "average time clients waited for a server in the last statistics period",
                        PgBouncerStats.DatabaseStats::avgWaitSeconds));
        long every = properties.interval().toMillis();
        poller.scheduleWithFixedDelay(this::poll, 0, every, TimeUnit.MILLISECONDS);
    }

    private static PoolGauge pool(
            MeterRegistry registry,
            String name,
            String unit,
            String description,
            ToDoubleFunction<PgBouncerStats.Pool> value) {
        return new PoolGauge(
                MultiGauge.builder(name).baseUnit(unit).description(description).register(registry), value);
    }

    private static StatsGauge stats(
            MeterRegistry registry,
            String name,
            String unit,
            String description,
            ToDoubleFunction<PgBouncerStats.DatabaseStats> value) {
        return new StatsGauge(
                MultiGauge.builder(name).baseUnit(unit).description(description).register(registry), value);
    }

    /** One read, over the connection kept from the last one; never throws, so the schedule goes on. */
    void poll() {
        try {
            if (console == null) {
                console = PgBouncerStats.connect(properties);
            }
            publish(PgBouncerStats.read(console));
            up.set(1);
            if (failing) {
                LOG.info("PgBouncer's admin console read again");
                failing = false;
            }
        } catch (SQLException | RuntimeException e) {
            up.set(0);
            closeConsole();
            if (!failing) {
                LOG.warn("could not read PgBouncer's SHOW POOLS/SHOW STATS at {}: {}", properties.url(), e.toString());
                failing = true;
            }
        }
    }

    private void publish(PgBouncerStats stats) {
        for (PoolGauge g : poolGauges) {
            g.gauge()
                    .register(
                            stats.pools().stream()
                                    .map(p -> MultiGauge.Row.of(
                                            Tags.of("database", p.database(), "user", p.user()),
                                            g.value().applyAsDouble(p)))
                                    .toList(),
                            true);
        }
        for (StatsGauge g : statsGauges) {
            g.gauge()
                    .register(
                            stats.databases().stream()
                                    .map(d -> MultiGauge.Row.of(
                                            Tags.of("database", d.database()),
                                            g.value().applyAsDouble(d)))
                                    .toList(),
                            true);
        }
    }

    private void closeConsole() {
        if (console == null) {
            return;
        }
        try {
            console.close();
        } catch (SQLException e) {
            LOG.debug("closing the connection to PgBouncer's admin console failed", e);
        }
        console = null;
    }

    @Override
    public void destroy() throws InterruptedException {
        poller.shutdown();
        if (!poller.awaitTermination(5, TimeUnit.SECONDS)) {
            poller.shutdownNow();
        }
        closeConsole();
    }
}
