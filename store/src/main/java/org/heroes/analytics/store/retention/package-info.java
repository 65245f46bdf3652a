/**
 * Retention of raw events (issue #9, docs/data-retention.md, ADR 0012): the scheduled job that deletes
 * {@code analytics_events}, {@code student_feedback} and {@code student_progress} rows older than {@code
 * aggregator.retention.age} in short batches, the horizon it records before deleting, and the filter that
 * keeps every writer (live listener, replay, redrive) from inserting an event that old again. Hourly rollups
 * hold no student ids and are never touched here.
 */
package org.heroes.analytics.store.retention;
