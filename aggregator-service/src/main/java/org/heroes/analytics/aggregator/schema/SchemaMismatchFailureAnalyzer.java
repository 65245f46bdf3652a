package org.heroes.analytics.aggregator.schema;

import org.heroes.analytics.store.schema.SchemaMismatchException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Spring Boot's "APPLICATION FAILED TO START" for a schema mismatch: the versions and what to do, instead of a
 * bean-creation stack trace (registered in {@code META-INF/spring.factories}).
 */
class SchemaMismatchFailureAnalyzer extends AbstractFailureAnalyzer<SchemaMismatchException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SchemaMismatchException cause) {
        String action = cause.action();
        return new FailureAnalysis(
                cause.problem() + ".", Character.toUpperCase(action.charAt(0)) + action.substring(1) + ".", cause);
    }
}
