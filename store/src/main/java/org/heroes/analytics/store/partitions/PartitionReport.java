package org.heroes.analytics.store.partitions;

import java.util.List;

/**
 * What one run of {@link PartitionMaintenance#ensure} did.
 *
 * @param created the month partitions it created ({@code analytics_events_pYYYYMM})
 * @param blocked months it could not create because the default partition holds rows of them
 * @param defaultRows rows in the default partition after the run: events no month partition covered
 */
public record PartitionReport(List<String> created, List<String> blocked, long defaultRows) {}
