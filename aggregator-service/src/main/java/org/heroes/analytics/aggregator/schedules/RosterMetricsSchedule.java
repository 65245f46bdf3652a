package org.heroes.analytics.aggregator.schedules;

import org.heroes.analytics.store.sink.RosterMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Reads the held events' gauges every minute where the live listener runs (not with
 * {@code aggregator.listener.auto-startup=false}). A failed read keeps the last figures and is logged; it is a meter, no data depends on it.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnBooleanProperty(name = "aggregator.listener.auto-startup", matchIfMissing = true)
class RosterMetricsSchedule {

    private static final Logger log = LoggerFactory.getLogger(RosterMetricsSchedule.class);

    private final RosterMetrics metrics;

    RosterMetricsSchedule(RosterMetrics metrics) {
        this.metrics = metrics;
    }

    @Scheduled(initialDelay = 5_000, fixedDelay = 60_000)
    void refresh() {
        try {
            metrics.refresh();
        } catch (DataAccessException e) {
            log.warn("could not read the held events' gauges: {}", e.getMessage());
        }
    }
}
