/**
 * The tokens of the system, in one place (ADR 0023): JWTs signed by the issuer's private key (ES256 on P-256, or
 * RS256) and verified by the services with public keys only.
 *
 * <ul>
 *   <li>{@link org.heroes.analytics.auth.TokenIssuer} mints them with a {@link org.heroes.analytics.auth.SigningKey}
 *       (scripts, the demo, tests; never a service);
 *   <li>{@link org.heroes.analytics.auth.TokenVerification} builds the decoder each service checks them with, from the
 *       issuer's JWK set (a file or an https URL), bound to that service's audience so a token for one service is
 *       refused by the other;
 *   <li>{@link org.heroes.analytics.auth.TokenKind} holds the longest lifetime of each kind, for both sides.
 * </ul>
 */
package org.heroes.analytics.auth;
