/**
 * Reading an ingest request body into its items, and the HTTP-side rules around the mapping of each
 * item, which lives in the {@code events-json} module ({@link org.heroes.analytics.eventsjson.RecordMapper})
 * so that the backfill validates exactly like this API.
 *
 * <p>{@link org.heroes.analytics.ingest.events.BatchReader} checks the envelope ({@code {"events": [...]}}
 * or {@code {"records": [...]}}) and the item limit with the shared strict parser;
 * {@link org.heroes.analytics.ingest.events.ClassroomRestriction} enforces that a client app writes only
 * its own classroom. The exceptions here are the refusals of a whole request, each mapped to its HTTP
 * answer by the web layer.
 */
package org.heroes.analytics.ingest.events;
