package org.heroes.analytics.aggregator.schedules;

import org.heroes.analytics.store.partitions.PartitionMaintenance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Runs {@link PartitionMaintenance#ensure} once the service is up and then on {@code aggregator.partitions.cron}
 * (UTC). A failed run is logged here, once, and counted ({@code aggregator.partitions.runs{outcome=failed}}); with
 * months of partitions ahead, the next day's run has ample time to succeed. It never stops the service.
 */
class PartitionSchedule {

    private static final Logger log = LoggerFactory.getLogger(PartitionSchedule.class);

    private final PartitionMaintenance maintenance;

    PartitionSchedule(PartitionMaintenance maintenance) {
        this.maintenance = maintenance;
    }

    @EventListener(ApplicationReadyEvent.class)
    void atStartUp() {
        run();
    }

    @Scheduled(cron = "${aggregator.partitions.cron:0 47 2 * * *}", zone = "UTC")
    void run() {
        try {
            maintenance.ensure();
        } catch (DataAccessException | IllegalStateException e) {
            log.error("partition run failed ({}); the next run tries again", e.getMessage(), e);
        }
    }
}
