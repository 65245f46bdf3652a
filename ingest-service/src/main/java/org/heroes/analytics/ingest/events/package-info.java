/**
 * Reading an ingest request body and turning each item into the Avro record it stands for, with the
 * reasons it cannot be one.
 *
 * <p>{@link org.heroes.analytics.ingest.events.BatchReader} checks the envelope ({@code {"events": [...]}}
 * or {@code {"records": [...]}}) and the item limit; {@link org.heroes.analytics.ingest.events.RecordMapper}
 * maps every item on its own, so one bad event rejects only itself, and collects {@code "field: reason"}
 * errors per item. {@link org.heroes.analytics.ingest.events.ClassroomRestriction} enforces that a client
 * app writes only its own classroom. The package knows JSON trees and Avro records, nothing of HTTP,
 * Spring or Kafka, so the backfill tool can validate exactly like the live API.
 */
package org.heroes.analytics.ingest.events;
