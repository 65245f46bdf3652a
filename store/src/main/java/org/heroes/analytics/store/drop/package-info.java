/**
 * The two drop-before-write filters, together: events older than the retention age ({@code ExpiredEvents},
 * applied to a decoded batch before its transaction, so that a replay or backfill never inserts again what
 * retention deleted) and the records of forgotten students ({@code ForgottenStudents}, looked up inside the batch's
 * transaction under a lock that orders it with a concurrent forget, ADR 0011). Dropped records are valid: counted,
 * never dead-lettered.
 */
package org.heroes.analytics.store.drop;
