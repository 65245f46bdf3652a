package org.heroes.analytics.query.classrooms;

import java.math.BigDecimal;

/**
 * The feedback of one lesson and feedback type in a time range.
 *
 * @param avgRating {@code sum(rating::numeric) / count(rating)}; {@code null} if no feedback of the group is rated
 * @param avgRatingSuppressed the average is withheld ({@code avgRating} null): fewer than k distinct students rated
 *     (small-cell suppression, ADR 0006)
 */
record FeedbackGroup(
        int lessonId, String feedbackType, long count, BigDecimal avgRating, boolean avgRatingSuppressed) {}
