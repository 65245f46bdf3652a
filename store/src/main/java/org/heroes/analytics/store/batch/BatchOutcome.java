package org.heroes.analytics.store.batch;

import org.heroes.analytics.store.sink.WriteResult;

/**
 * What processing one consumed batch did.
 *
 * @param read records in the batch
 * @param deadLettered records dead-lettered (undecodable, invalid, or refused by the database for
 *     their own data); in a dry run, those that would be
 * @param written what the write of the rest inserted, and what of it was already stored
 */
public record BatchOutcome(int read, int deadLettered, WriteResult written) {}
