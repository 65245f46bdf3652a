/**
 * How a failed write is classified, for every writer of the library (the batch, retention, forget, rebuild,
 * replay): {@code WriteFailures} tells transient failures (retry), a record's own data (dead-letter that record)
 * and fatal ones apart, as a {@code FailureKind}.
 */
package org.heroes.analytics.store.failures;
