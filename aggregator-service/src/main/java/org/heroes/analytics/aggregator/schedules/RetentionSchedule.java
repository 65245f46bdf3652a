package org.heroes.analytics.aggregator.schedules;

import java.time.Clock;
import org.heroes.analytics.store.retention.RetentionFailedException;
import org.heroes.analytics.store.retention.RetentionProperties;
import org.heroes.analytics.store.retention.RetentionPurge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs {@link RetentionPurge} on {@code aggregator.retention.cron} (UTC). A failed run is logged here, once,
 * and counted ({@code aggregator.retention.runs{outcome=failed}}); the next run starts where it stopped, since
 * every batch already committed stays committed.
 */
class RetentionSchedule {

    private static final Logger log = LoggerFactory.getLogger(RetentionSchedule.class);

    private final RetentionPurge purge;
    private final RetentionProperties properties;

    RetentionSchedule(RetentionPurge purge, RetentionProperties properties) {
        this.purge = purge;
        this.properties = properties;
    }

    @Scheduled(cron = "${aggregator.retention.cron:0 17 3 * * *}", zone = "UTC")
    void run() {
        try {
            purge.run(Clock.systemUTC().instant(), properties.batchSize());
        } catch (RetentionFailedException e) {
            log.error("retention run failed ({}); the next run continues", e.getMessage(), e);
        }
    }
}
