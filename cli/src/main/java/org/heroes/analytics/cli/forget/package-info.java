/**
 * {@code heroes forget-student}: the aggregator's {@code forget.StudentForgetter} run in-process (ADR 0010, 0011),
 * with the ledger of forgotten ids kept beside the backups so that the restore runbook can re-apply it.
 */
package org.heroes.analytics.cli.forget;
