package org.heroes.analytics.query.classrooms;

import java.math.BigDecimal;

/**
 * The analytics events of one type and category in a time range.
 *
 * @param avgValue the mean {@code eventValue} of the events that carry one, {@code sum(value::numeric) /
 *     count(value)} exactly as PostgreSQL computes it; {@code null} if none does
 * @param avgValueSuppressed the average is withheld ({@code avgValue} null): fewer than k distinct students
 *     carried a value (small-cell suppression, ADR 0006)
 */
record EventGroup(
        String eventType, String eventCategory, long eventCount, BigDecimal avgValue, boolean avgValueSuppressed) {}
