package org.heroes.analytics.query.tenancy;

import java.util.function.Function;

/**
 * The one way feature code reads the database. Each call is one read-only transaction that first tells PostgreSQL,
 * transaction-locally, which facilitator it acts for ({@code set_config('app.facilitator_id', sub, true)}, with the
 * {@code sub} of the request's verified token), then runs {@code work}. Row-level security then shows {@code work}
 * that facilitator's rows and nothing else; without this call there is no way to the database at all.
 */
public interface FacilitatorReads {

    /**
     * Runs {@code work} in a read-only transaction acting for the authenticated facilitator.
     *
     * @throws IllegalStateException if the current request carries no verified facilitator token
     */
    <T> T read(Function<TenantQueries, T> work);
}
