/**
 * Forgetting a student on request (children's privacy, the right to be forgotten; ADR 0011): the operator's
 * side, run by the CLI's {@code forget-student}. {@link org.heroes.analytics.aggregator.forget.StudentForgetter}
 * puts the anonymous id on the {@code forgotten_students} list, deletes every row that holds it, and rebuilds the
 * rollups of the classrooms those rows touched with the rollups package's own derivation, all in one
 * transaction. The writer's side, dropping a forgotten student's records from every batch, is
 * {@code sink.ForgottenStudents}.
 */
package org.heroes.analytics.aggregator.forget;
