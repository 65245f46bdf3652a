package org.heroes.analytics.observability.sql;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The statement log ({@code heroes.db.statement-log.*}). What a logged statement shows of its parameters is not
 * configurable: values only where the type cannot carry words, shapes otherwise ({@link Redaction}).
 *
 * @param enabled false leaves the {@code DataSource} unwrapped (no statement is logged by this module)
 * @param slowThreshold a statement that took longer is logged at WARN as slow
 */
@ConfigurationProperties("heroes.db.statement-log")
public record StatementLogProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("500ms") Duration slowThreshold) {

    public StatementLogProperties {
        if (slowThreshold == null || slowThreshold.isNegative() || slowThreshold.isZero()) {
            throw new IllegalArgumentException("heroes.db.statement-log.slow-threshold must be positive");
        }
    }
}
