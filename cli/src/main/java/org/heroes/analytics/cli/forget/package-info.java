/**
 * {@code heroes forget-student}: the {@code store} library's {@code forget.StudentForgetter} run in the CLI's store
 * context (ADR 0010, 0011, 0034),
 * with the ledger of forgotten ids kept beside the backups so that the restore runbook can re-apply it.
 */
package org.heroes.analytics.cli.forget;
