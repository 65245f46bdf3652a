package org.heroes.analytics.query.privacy;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Small-cell suppression ({@code heroes.query.privacy.*}, ADR 0006).
 *
 * @param minStudents k: an average of values that fewer than this many distinct students submitted is withheld. 5 by
 *     default; 1 withholds nothing
 */
@Validated
@ConfigurationProperties("heroes.query.privacy")
public record PrivacyProperties(@Min(1) @DefaultValue("5") int minStudents) {}
