package org.heroes.analytics.query.tenancy;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How facilitator reads run ({@code heroes.query.reads.*}).
 *
 * @param statementTimeout the longest any one statement of a read may take before PostgreSQL cancels it (set per
 *     transaction, like the facilitator id); 15 seconds by default
 */
@Validated
@ConfigurationProperties("heroes.query.reads")
record ReadProperties(@NotNull @DefaultValue("15s") Duration statementTimeout) {

    ReadProperties {
        if (statementTimeout != null && (statementTimeout.isNegative() || statementTimeout.isZero())) {
            throw new IllegalArgumentException("heroes.query.reads.statement-timeout must be positive");
        }
    }
}
