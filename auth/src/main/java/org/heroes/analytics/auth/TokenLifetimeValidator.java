package org.heroes.analytics.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token was not issued in the future (beyond the clock skew Spring's timestamp check allows), is of one of the
 * {@link TokenKind}s, and lives ({@code exp} − {@code iat}) no longer than its kind allows. Without the {@code iat}
 * check a token issued "next year" with a short lifetime would be good from now until then. That both claims are in the
 * token is checked before ({@link TokenVerification}); a {@link Jwt} without them is refused here too.
 */
final class TokenLifetimeValidator implements OAuth2TokenValidator<Jwt> {

    /** As Spring's {@code JwtTimestampValidator}: clocks of issuer and service may differ this much. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final Clock clock;

    TokenLifetimeValidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant issuedAt = jwt.getIssuedAt();
        Instant expiresAt = jwt.getExpiresAt();
        if (issuedAt == null || expiresAt == null) {
            return invalid("a token must carry iat and exp");
        }
        if (issuedAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
            return invalid("the token was issued in the future");
        }
        Optional<TokenKind> kind = TokenKind.of(jwt.getClaims());
        if (kind.isEmpty()) {
            return invalid("the token is of no known kind");
        }
        if (Duration.between(issuedAt, expiresAt).compareTo(kind.get().maxLifetime()) > 0) {
            return invalid("the token lives longer than a " + kind.get() + " token may ("
                    + kind.get().maxLifetime() + ")");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
