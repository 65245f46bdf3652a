package org.heroes.analytics.query.classrooms;

import java.time.Instant;

/**
 * An answer and how far the data behind it is complete: the aggregator's watermark ({@code classroom_watermarks}),
 * sent as the {@code X-Data-As-Of} header; for a per-classroom answer, also the classroom's time zone, which the
 * time series names in {@code X-Time-Zone} (ADR 0025).
 *
 * @param dataAsOf {@code null} when the aggregator has recorded no watermark yet
 * @param timeZone the classroom's IANA time zone; {@code null} for an answer about no one classroom (the list)
 */
record Dated<T>(T body, Instant dataAsOf, String timeZone) {

    Dated(T body, Instant dataAsOf) {
        this(body, dataAsOf, null);
    }
}
