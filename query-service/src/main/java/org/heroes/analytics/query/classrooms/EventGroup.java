package org.heroes.analytics.query.classrooms;

/**
 * The analytics events of one type and category in a time range.
 *
 * @param avgValue the mean {@code eventValue} of the events that carry one; {@code null} if none does
 */
record EventGroup(String eventType, String eventCategory, long eventCount, Double avgValue) {}
