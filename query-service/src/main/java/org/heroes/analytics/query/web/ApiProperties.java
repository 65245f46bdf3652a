package org.heroes.analytics.query.web;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the query API's parameters ({@code heroes.query.api.*}).
 *
 * @param maxRange the longest {@code [from, to)} a request may ask for; longer ranges answer 400 naming {@code to}.
 *     400 days by default: a school year and a bit, so "this year against last" fits
 */
@Validated
@ConfigurationProperties("heroes.query.api")
public record ApiProperties(@NotNull @DefaultValue("400d") Duration maxRange) {

    public ApiProperties {
        if (maxRange != null && (maxRange.isNegative() || maxRange.isZero())) {
            throw new IllegalArgumentException("heroes.query.api.max-range must be positive");
        }
    }

    /** {@code from} and {@code to} parsed and checked against {@link #maxRange()}. */
    public TimeRange range(String from, String to) {
        return TimeRange.parse(from, to, maxRange);
    }
}
