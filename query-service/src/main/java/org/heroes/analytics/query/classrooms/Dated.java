package org.heroes.analytics.query.classrooms;

import java.time.Instant;

/**
 * An answer and how far the data behind it is complete: the aggregator's watermark ({@code classroom_watermarks}),
 * sent as the {@code X-Data-As-Of} header.
 *
 * @param dataAsOf {@code null} when the aggregator has recorded no watermark yet
 */
record Dated<T>(T body, Instant dataAsOf) {}
