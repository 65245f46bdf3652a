package org.heroes.analytics.query.classrooms;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The events of one hour or UTC day of a time series. Buckets without events are left out.
 *
 * @param bucketStart the start of the hour or day (UTC), even where the range starts inside it
 * @param avgValue {@code sum(value::numeric) / count(value)} of the bucket's events in the range; {@code null} if
 *     none carries a value
 * @param avgValueSuppressed the average is withheld ({@code avgValue} null): fewer than k distinct students
 *     carried a value in the bucket (small-cell suppression, ADR 0006)
 */
record TimeBucket(Instant bucketStart, long eventCount, BigDecimal avgValue, boolean avgValueSuppressed) {}
