/**
 * query-service: REST aggregates for facilitators (contract §4) and the dashboard page at {@code /}.
 *
 * <p>Packages: {@code security} checks the facilitator's token; {@code tenancy} is the only code that touches the
 * database, and opens every read transaction with the facilitator's id for row-level security; {@code web} holds
 * what every endpoint shares (parameter parsing, the error answers); {@code classrooms} is the first feature.
 */
package org.heroes.analytics.query;
