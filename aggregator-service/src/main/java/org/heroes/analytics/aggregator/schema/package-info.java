/**
 * The schema check's failure told at start-up: the check itself is the {@code store} library's
 * ({@code SchemaVersionCheck}); {@link SchemaMismatchFailureAnalyzer} turns its exception into the versions and what
 * to do.
 */
package org.heroes.analytics.aggregator.schema;
