/**
 * The service's clocks: the store library's retention job and partition maintenance on their crons (each can be
 * turned off on an instance with {@code aggregator.retention.schedule-enabled} / {@code
 * aggregator.partitions.schedule-enabled}), and the held events' gauges every minute while the listener runs. A
 * failed run is logged once and the next one tries again; no schedule stops the service.
 */
package org.heroes.analytics.aggregator.schedules;
