package org.heroes.analytics.store.sink;

import java.util.List;

/**
 * What the roster tombstones of a batch do (a record without a value under an entity's key: the compacted roster
 * topic then drops the entity's records). A tombstone deletes a <em>student</em>: it forgets them, in the batch's
 * transaction, as {@code forget-student} does (the {@code forget} package implements this, ADR 0011 and 0022).
 * Facilitators and classrooms are deactivated by the roster ({@code active=false}), never deleted: a tombstone
 * for one of them is refused for its data, so the batch's search for the culprit dead-letters it.
 */
public interface RosterTombstones {

    /**
     * Applies the tombstones of these keys (canonical UUIDs, in consumption order) in the current transaction. It
     * must be the transaction's first work: it may set the transaction's isolation level. Idempotent: a student
     * already forgotten is forgotten again at no cost.
     *
     * @throws org.springframework.dao.DataIntegrityViolationException if a key names a facilitator or a classroom
     */
    void applyFirstInTransaction(List<String> keys);
}
