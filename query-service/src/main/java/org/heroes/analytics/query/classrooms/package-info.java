/**
 * Classrooms, the query API of contract §4: {@code GET /v1/classrooms} and, per classroom, {@code /analytics}, {@code
 * /analytics/timeseries}, {@code /progress} and {@code /feedback}. Answers come from the aggregator's rollups for
 * whole hours and from the raw rows for the partial hours at a range's edges ({@link
 * org.heroes.analytics.query.classrooms.HourSplit}), so each equals the raw-row answer exactly. Every statement runs
 * through {@link org.heroes.analytics.query.tenancy.FacilitatorReads}, so row-level security, not a {@code WHERE
 * facilitator_id} the code could forget, decides which classrooms the caller sees.
 */
package org.heroes.analytics.query.classrooms;
