/**
 * Monthly partitions of {@code analytics_events} (issue #10, docs/adr/0016-monthly-partitions.md): the job that
 * creates the partitions of the coming months ahead of time, at start-up and daily, through the V7 functions
 * (as {@code heroes_writer}, which may not create tables itself), and that reports rows the default partition
 * caught. Dropping expired months belongs to retention ({@code aggregator.retention}).
 */
package org.heroes.analytics.store.partitions;
