package org.heroes.analytics.observability.sql;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The statement log ({@code heroes.db.statement-log.*}).
 *
 * @param enabled false leaves the {@code DataSource} unwrapped (no statement is logged by this module)
 * @param slowThreshold a statement that took longer is logged at WARN as slow
 * @param maxParameterLength each bind parameter is cut to this many characters in a log line (a batch's arrays
 *     hold thousands of values)
 */
@ConfigurationProperties("heroes.db.statement-log")
public record StatementLogProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration slowThreshold,
        @DefaultValue("200") int maxParameterLength) {

    public StatementLogProperties {
        if (slowThreshold == null || slowThreshold.isNegative() || slowThreshold.isZero()) {
            throw new IllegalArgumentException("heroes.db.statement-log.slow-threshold must be positive");
        }
        if (maxParameterLength < 16) {
            throw new IllegalArgumentException("heroes.db.statement-log.max-parameter-length must be at least 16");
        }
    }
}
