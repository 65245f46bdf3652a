/**
 * Who may call ingest-service: stateless bearer-token authentication with the JWTs of the {@code auth} module (ES256
 * or RS256, verified with the issuer's public JWK set), for the {@code heroes-ingest} audience, and the scope each
 * endpoint needs.
 * Which classroom a client token may write is decided per request, in {@code web}.
 */
package org.heroes.analytics.ingest.security;
