/**
 * The JSON form of events and roster records (contract §2 and §3) and its validation: one item (a JSON
 * object with a {@code kind}) becomes the Avro record it stands for, or a
 * {@link org.heroes.analytics.eventsjson.Rejection} with one {@code "field: reason"} per problem.
 *
 * <p>Shared by ingest-service ({@code POST /v1/events}, {@code POST /v1/roster}) and the backfill of the
 * operator CLI, so that a file of history is validated exactly like the live API: one piece of code, not
 * a copy. {@link org.heroes.analytics.eventsjson.StrictJson} is the parser both use,
 * {@link org.heroes.analytics.eventsjson.RecordMapper} the mapping; the value rules themselves are
 * {@code RecordRules} of {@code schemas}, which the aggregator applies too. The package knows JSON trees
 * and Avro records, nothing of HTTP, Spring or Kafka.
 */
package org.heroes.analytics.eventsjson;
