package org.heroes.analytics.auth;

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
 * A bounded cache in front of a service's token decoder (ADR 0017, 0023): a dashboard and a tablet send the same token
 * with every request, and checking its signature and parsing its JSON again each time costs CPU — with the HMAC of
 * ADR 0017 about a tenth of a query request; an ES256 verification costs tens of times an HMAC's (ADR 0023).
 *
 * <p>Only a token that the full decoder accepted is cached, keyed by its whole compact form (header, payload and
 * signature): a token that differs in any character, a tampered one included, is a different key and goes through the
 * full check. On a hit, the time-dependent checks ({@code exp}, {@code nbf}, with the decoder's clock skew) run
 * again, so an expired token is refused exactly as without the cache. What the cache skips cannot change for the same
 * string (signature, issuer, audience, subject, the presence of {@code iat} and {@code exp} and the lifetime between
 * them; an {@code iat} that was not in the future at the full check never is later) — except the issuer's key set:
 * a key removed from the JWK set keeps its cached tokens accepted until they leave the cache, {@code maxAge} at most
 * (docs/operations.md, rotating keys). Entries leave after {@code maxAge} or when the cache is full.
 */
public final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder verifier;
    private final OAuth2TokenValidator<Jwt> timestamps;
    private final Cache<String, Jwt> verified;

    /**
     * @param verifier the full check; its timestamp checks must be Spring's defaults (60 s of clock skew), which the
     *     cache repeats on every hit
     * @param clock the clock of the repeated timestamp checks
     */
    public VerifiedTokenCache(JwtDecoder verifier, long maxTokens, Duration maxAge, Clock clock) {
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
