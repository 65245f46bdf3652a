package org.heroes.analytics.query.classrooms;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * The events of one UTC hour or one local day of the classroom (its roster time zone) of a time series. Buckets
 * without events are left out.
 *
 * @param bucketStart the instant the hour or the day starts, even where the range starts inside it: a day starts at
 *     the classroom's local midnight, so around a DST change it lasts 23 or 25 hours (ADR 0025)
 * @param avgValue {@code sum(value::numeric) / count(value)} of the bucket's events in the range; {@code null} if
 *     none carries a value
 * @param avgValueSuppressed the average is withheld ({@code avgValue} null): fewer than k distinct students
 *     carried a value in the bucket (small-cell suppression, ADR 0006)
 */
record TimeBucket(Instant bucketStart, long eventCount, BigDecimal avgValue, boolean avgValueSuppressed) {}
