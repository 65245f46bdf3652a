package org.heroes.analytics.query.security;

import java.util.List;
import java.util.UUID;
import org.heroes.analytics.auth.Audience;
import org.heroes.analytics.auth.JwtProperties;
import org.heroes.analytics.auth.TokenVerification;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * The decoder of facilitator tokens: the shared checks of {@link TokenVerification} for {@code aud: heroes-query},
 * plus a {@code sub} that is a facilitator id (a UUID). A token that fails any check is a bad token (401), so no
 * code behind this decoder ever sees a subject it could not use as {@code app.facilitator_id}.
 */
final class FacilitatorTokens {

    private FacilitatorTokens() {}

    static JwtDecoder decoder(JwtProperties properties) {
        JwtDecoder verified = TokenVerification.decoder(properties, Audience.QUERY);
        return token -> requireFacilitatorSubject(verified.decode(token));
    }

    private static Jwt requireFacilitatorSubject(Jwt jwt) {
        if (!isCanonicalUuid(jwt.getSubject())) {
            OAuth2Error error =
                    new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, "the token's sub is not a facilitator id", null);
            throw new JwtValidationException(error.getDescription(), List.of(error));
        }
        return jwt;
    }

    /** {@link UUID#fromString} also takes shortened forms such as {@code 1-2-3-4-5}; a facilitator id is never one. */
    static boolean isCanonicalUuid(String value) {
        if (value == null || value.length() != 36) {
            return false;
        }
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }
}
