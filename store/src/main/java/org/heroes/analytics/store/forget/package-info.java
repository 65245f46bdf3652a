/**
 * Forgetting a student on request (children's privacy, the right to be forgotten; ADR 0011, 0022): the operator's
 * side, run by the CLI's {@code forget-student}. {@link org.heroes.analytics.store.forget.StudentForgetter}
 * puts the anonymous id on the {@code forgotten_students} list, deletes every row that holds it, and rebuilds the
 * rollups of the classrooms those rows touched with the rollups package's own derivation, all in one
 * transaction; {@link org.heroes.analytics.store.forget.StudentTombstones} then writes a tombstone for the
 * student's key on the compacted roster topic. The writer's side: {@code sink.ForgottenStudents} drops a
 * forgotten student's records from every batch, and {@code TombstoneForgetter} (the sink's
 * {@code RosterTombstones}) forgets the student a consumed roster tombstone names, in that batch's transaction.
 */
package org.heroes.analytics.store.forget;
