package org.heroes.analytics.auth;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * How a service checks a token, with Spring Security's {@link NimbusJwtDecoder} and public keys only (ADR 0023):
 *
 * <ul>
 *   <li>the key from the issuer's JWK set, chosen by the token's {@code kid} (a token without one is refused); the set
 *       is a file ({@link JwkSetFile}, read again when it changes) or an {@code https} URL (Nimbus' remote JWK set,
 *       cached for {@link #REMOTE_CACHE_TIME} and fetched again for a kid it does not know);
 *   <li>ES256 and RS256 only: HS256 (whatever its key), {@code none} and every other algorithm are refused before any
 *       key is looked up;
 *   <li>the issuer, an unexpired {@code exp} (60 s of clock skew), the service's own audience, and {@code iat} and
 *       {@code exp} present with a lifetime its kind allows ({@link TokenKind}).
 * </ul>
 */
public final class TokenVerification {

    /** How long a JWK set fetched from a URL is used before it is fetched again. */
    static final Duration REMOTE_CACHE_TIME = Duration.ofMinutes(5);

    /** The least time between two fetches of a JWK set URL (unknown kids cannot make a service hammer the issuer). */
    static final Duration REMOTE_MIN_FETCH_INTERVAL = Duration.ofSeconds(30);

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    /** The only signature algorithms a service accepts. */
    static final Set<SignatureAlgorithm> ALGORITHMS = Set.of(SignatureAlgorithm.ES256, SignatureAlgorithm.RS256);

    private TokenVerification() {}

    /** A decoder that accepts only valid tokens of the configured issuer, made for this audience. */
    public static JwtDecoder decoder(JwtProperties properties, Audience audience) {
        return decoder(properties.jwkSet(), properties.issuer(), audience, Clock.systemUTC());
    }

    static NimbusJwtDecoder decoder(String jwkSet, String issuer, Audience audience, Clock clock) {
        JWKSource<SecurityContext> keys =
                isUrl(jwkSet) ? remoteJwkSet(requireSafeUrl(jwkSet)) : new JwkSetFile(Path.of(jwkSet), clock);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(keys)
                .jwsAlgorithms(algorithms -> algorithms.addAll(ALGORITHMS))
                .jwtProcessorCustomizer(REQUIRE_KID)
                .build();
        decoder.setClaimSetConverter(TokenVerification::requireIssuedAtAndExpiry);
        decoder.setJwtValidator(validator(issuer, audience, clock));
        return decoder;
    }

    private static final MappedJwtClaimSetConverter CLAIM_TYPES = MappedJwtClaimSetConverter.withDefaults(Map.of());

    /**
     * Spring's claim conversion, after a check that the token itself carries {@code iat} and {@code exp}: the
     * conversion fills a missing {@code iat} in (one second before {@code exp}), so a validator could not tell.
     */
    private static Map<String, Object> requireIssuedAtAndExpiry(Map<String, Object> claims) {
        if (claims.get(JwtClaimNames.IAT) == null || claims.get(JwtClaimNames.EXP) == null) {
            throw new BadJwtException("a token must carry iat and exp");
        }
        return CLAIM_TYPES.convert(claims);
    }

    static OAuth2TokenValidator<Jwt> validator(String issuer, Audience audience, Clock clock) {
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        return new DelegatingOAuth2TokenValidator<>(
                new JwtIssuerValidator(issuer),
                new TokenLifetimeValidator(clock),
                timestamps,
                new JwtAudienceValidator(audience.claimValue()));
    }

    /**
     * The key is chosen by kid: a token that names none gets no key (and is refused as a token with no matching key)
     * instead of being tried against every key of the set.
     */
    private static final Consumer<ConfigurableJWTProcessor<SecurityContext>> REQUIRE_KID = processor -> {
        JWSKeySelector<SecurityContext> byAlgorithmAndKid = processor.getJWSKeySelector();
        processor.setJWSKeySelector((header, context) ->
                header.getKeyID() == null ? List.of() : byAlgorithmAndKid.selectJWSKeys(header, context));
    };

    /**
     * Nimbus' remote JWK set: cached for 5 minutes (so a key removed from the set is refused within that time),
     * fetched again at once, at most every 30 s, for a kid it does not hold (a key just added), one retry on a network
     * error. A kid it does not hold while fetching again is not allowed yet is no key: the token is refused as bad
     * (401), not as a failure of the key source (which Spring answers 500), so made-up kids cannot cause errors.
     */
    private static JWKSource<SecurityContext> remoteJwkSet(String url) {
        JWKSource<SecurityContext> remote = cachedRemoteJwkSet(url);
        return (selector, context) -> {
            try {
                return remote.get(selector, context);
            } catch (RateLimitReachedException fetchedTooRecently) {
                return List.of();
            }
        };
    }

    private static JWKSource<SecurityContext> cachedRemoteJwkSet(String url) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(
                            URI.create(url).toURL(),
                            new DefaultResourceRetriever(
                                    (int) FETCH_TIMEOUT.toMillis(),
                                    (int) FETCH_TIMEOUT.toMillis(),
                                    JWKSourceBuilder.DEFAULT_HTTP_SIZE_LIMIT))
                    .cache(REMOTE_CACHE_TIME.toMillis(), FETCH_TIMEOUT.toMillis())
                    .rateLimited(REMOTE_MIN_FETCH_INTERVAL.toMillis())
                    .retrying(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("the JWK set URL (HEROES_JWT_JWK_SET) is malformed: " + url, e);
        }
    }

    static boolean isUrl(String jwkSet) {
        return jwkSet.startsWith("https://") || jwkSet.startsWith("http://");
    }

    /**
     * Keys fetched over plain HTTP could be swapped by anyone on the way: {@code https} only, or {@code http} to this
     * machine's loopback (a sidecar, a test).
     */
    static String requireSafeUrl(String url) {
        URI uri = URI.create(url);
        if ("https".equals(uri.getScheme()) && uri.getHost() != null) {
            return url;
        }
        if ("http".equals(uri.getScheme()) && isLoopback(uri.getHost())) {
            return url;
        }
        throw new IllegalArgumentException(
                "the JWK set URL (HEROES_JWT_JWK_SET) must be https (http only to the loopback), not " + url);
    }

    /** Literal loopback names only: no name is looked up (a resolver could answer anything). */
    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host);
    }
}
