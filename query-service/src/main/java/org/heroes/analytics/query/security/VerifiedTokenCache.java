package org.heroes.analytics.query.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * A bounded cache in front of the facilitator-token decoder (ADR 0017): a dashboard sends the same token with every
 * request, and checking its HMAC and parsing its JSON again each time cost about a tenth of a request's CPU.
 *
 * <p>Only a token that the full decoder accepted is cached, keyed by its whole compact form (header, payload and
 * signature): a token that differs in any character, a tampered one included, is a different key and goes through the
 * full check. On a hit, the time-dependent checks ({@code exp}, {@code nbf}, with the decoder's clock skew) run
 * again, so an expired token is refused exactly as without the cache; what the cache skips (signature, issuer,
 * audience, subject) cannot change for the same string. Entries leave after {@code maxAge} or when the cache is full.
 */
final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> timestamps;
    private final Cache<String, Jwt> verified;

    /**
     * @param verifier the full check; its timestamp checks must be Spring's defaults (60 s of clock skew), which the
     *     cache repeats on every hit
     * @param clock the clock of the repeated timestamp checks
     */
    VerifiedTokenCache(JwtDecoder verifier, long maxTokens, Duration maxAge, Clock clock) {
        this.verifier = verifier;
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        this.timestamps = timestamps;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                .expireAfterWrite(maxAge)
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt cached = verified.getIfPresent(token);
        if (cached == null) {
            Jwt jwt = verifier.decode(token); // throws for every token it refuses: nothing refused is cached
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult stillValid = timestamps.validate(cached);
        if (stillValid.hasErrors()) {
            verified.invalidate(token);
            throw new JwtValidationException(
                    stillValid.getErrors().iterator().next().getDescription(), stillValid.getErrors());
        }
        return cached;
    }

    /** How many tokens are cached now (approximately; for tests). */
    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }
}
