/**
 * The tokens of DESIGN §3, in one place: HS256 JWTs with {@code iss}, {@code aud}, {@code exp} and
 * scopes. {@link org.heroes.analytics.auth.TokenIssuer} mints them (scripts, demo, tests);
 * {@link org.heroes.analytics.auth.TokenVerification} builds the decoder each service checks them with,
 * bound to that service's audience so a token for one service is refused by the other.
 */
package org.heroes.analytics.auth;
