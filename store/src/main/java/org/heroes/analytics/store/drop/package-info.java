/**
 * The two drop-before-write filters, both applied inside a batch's write transaction before its first row: events
 * older than the retention age ({@code ExpiredEvents}, under a lock on the retention horizon that a retention run
 * waits for, so that a replay or backfill never inserts again what retention deleted, ADR 0012) and the records of
 * forgotten students ({@code ForgottenStudents}, under a lock that orders it with a concurrent forget, ADR 0011).
 * Dropped records are valid: counted, never dead-lettered.
 */
package org.heroes.analytics.store.drop;
