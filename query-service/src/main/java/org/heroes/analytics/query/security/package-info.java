/**
 * Who may ask: facilitator tokens of contract §3 ({@code aud: heroes-query}, scope {@code analytics:read}, {@code
 * sub} = the facilitator's UUID), checked statelessly on every request. The verified {@code sub} is what the
 * {@code tenancy} package hands to PostgreSQL as {@code app.facilitator_id}. In the {@code local} profile only,
 * {@code DemoSignIn} opens {@code /demo/token}, the dashboard's one-click demo sign-in, for loopback clients; it serves
 * a token the local issuer minted into a file, and this service holds no key that could sign one.
 */
package org.heroes.analytics.query.security;
