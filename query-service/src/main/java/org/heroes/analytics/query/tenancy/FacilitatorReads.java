package org.heroes.analytics.query.tenancy;

import java.util.List;

/**
 * The one way feature code reads the database. Each read is one round trip and one transaction: PostgreSQL is first
 * told, transaction-locally, which facilitator it acts for ({@code act_for_facilitator(sub)}, migration V14, with
 * the {@code sub} of the request's verified token), then runs the read's statements in order. Row-level security
 * then shows each statement that facilitator's rows and nothing else; without this interface there is no way to the
 * database at all.
 *
 * <p>The transaction is READ COMMITTED: each statement sees what was committed when it began. A read that needs two
 * facts to agree (rows and the retention horizon) asks for them in one statement; a read of two statements gets them
 * in the order given.
 */
public interface FacilitatorReads {

    /**
     * The rows of one statement, read for the authenticated facilitator.
     *
     * @throws IllegalStateException if the current request carries no verified facilitator token
     */
    <T> List<T> read(TenantQuery<T> query);

    /**
     * The rows of two statements, {@code first} then {@code second}, in one round trip and one transaction. A
     * parameter name both use must have the same value in both.
     *
     * @throws IllegalStateException if the current request carries no verified facilitator token
     * @throws IllegalArgumentException if the two statements give one parameter name different values
     */
    <A, B> TwoAnswers<A, B> read(TenantQuery<A> first, TenantQuery<B> second);

    /** The rows of a two-statement read, in the order of its statements. */
    record TwoAnswers<A, B>(List<A> first, List<B> second) {}
}
