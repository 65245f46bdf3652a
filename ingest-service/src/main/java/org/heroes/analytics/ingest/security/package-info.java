/**
 * Who may call ingest-service: stateless bearer-token authentication with the shared HS256 JWTs of the
 * {@code auth} module, for the {@code heroes-ingest} audience, and the scope each endpoint needs.
 * Which classroom a client token may write is decided per request, in {@code web}.
 */
package org.heroes.analytics.ingest.security;
