package org.heroes.analytics.auth;

import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The three kinds of token and the longest each may live ({@code exp} − {@code iat}). The issuer refuses to mint a
 * longer one and the services refuse to accept one. The kind is read from the claims, so a token cannot claim to be
 * of a longer-lived kind than its content makes it: a token for {@code heroes-query} is a facilitator's, one with
 * {@code roster:write} in its scope a service's, one with a {@code classroom_id} a client app's; a token that is
 * several of these gets the shortest of their limits, and one that is none of them is no token of this system.
 */
public enum TokenKind {
    /** A facilitator's dashboard session: a working day. */
    FACILITATOR(Duration.ofHours(12)),
    /** A classroom tablet's token: tablets go offline for weeks, so a month. */
    CLIENT_APP(Duration.ofDays(30)),
    /** The main app's token, which may write any classroom and the roster: an hour, fetched anew. */
    SERVICE(Duration.ofHours(1));

    private final Duration maxLifetime;

    TokenKind(Duration maxLifetime) {
        this.maxLifetime = maxLifetime;
    }

    public Duration maxLifetime() {
        return maxLifetime;
    }

    /** The kind these claims make a token, the one with the shortest limit where several apply; empty: none. */
    public static Optional<TokenKind> of(Map<String, Object> claims) {
        return Stream.of(values())
                .filter(kind -> kind.matches(claims))
                .min(Comparator.comparing(TokenKind::maxLifetime));
    }

    private boolean matches(Map<String, Object> claims) {
        return switch (this) {
            case FACILITATOR -> audience(claims.get("aud")).anyMatch(Audience.QUERY.claimValue()::equals);
            case SERVICE -> scopes(claims.get(TokenClaims.SCOPE)).anyMatch(TokenClaims.ROSTER_WRITE::equals);
            case CLIENT_APP -> claims.get(TokenClaims.CLASSROOM_ID) != null;
        };
    }

    private static Stream<String> audience(Object aud) {
        if (aud instanceof Collection<?> values) {
            return values.stream().map(String::valueOf);
        }
        return aud == null ? Stream.empty() : Stream.of(String.valueOf(aud));
    }

    private static Stream<String> scopes(Object scope) {
        if (scope instanceof Collection<?> values) {
            return values.stream().map(String::valueOf);
        }
        return scope == null ? Stream.empty() : Stream.of(String.valueOf(scope).split(" "));
    }
}
