/**
 * The value rules of contract §2, in one place, for decoded Avro records: ingest-service applies them
 * to every record it builds from a request (and so will the backfill tool), aggregator-service to
 * every record it consumes, so both refuse exactly the same values. Depends on the Avro classes of
 * {@code org.heroes.analytics.schemas.avro} and nothing else.
 */
package org.heroes.analytics.schemas.rules;
