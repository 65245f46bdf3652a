package org.heroes.analytics.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import java.util.UUID;

/**
 * Mints the three kinds of token, signed with the issuer's private key ({@link SigningKey}: ES256 or RS256, its
 * {@code kid} in the header). A lifetime longer than the kind allows ({@link TokenKind}) is refused here already, as
 * the services would refuse the token.
 */
public final class TokenIssuer {

    /** The {@code iss} of the local stack's tokens, and the services' default. */
    public static final String DEFAULT_ISSUER = "heroes-local";

    private final SigningKey key;
    private final String issuer;
    private final Clock clock;

    public TokenIssuer(SigningKey key, String issuer, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = requireText(issuer, "the JWT issuer (HEROES_JWT_ISSUER) must not be blank");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public TokenIssuer(SigningKey key, String issuer) {
        this(key, issuer, Clock.systemUTC());
    }

    /**
     * The issuer of the scripts: the PKCS#8 PEM key in {@code HEROES_JWT_PRIVATE_KEY_FILE}, its {@code kid} in
     * {@code HEROES_JWT_KID}, the issuer in {@code HEROES_JWT_ISSUER} (default {@code heroes-local}).
     */
    public static TokenIssuer fromEnvironment() {
        String file = requireText(
                System.getenv("HEROES_JWT_PRIVATE_KEY_FILE"),
                "HEROES_JWT_PRIVATE_KEY_FILE is not set: the issuer's private key (eval \"$(scripts/stack.sh env)\")");
        String kid = requireText(System.getenv("HEROES_JWT_KID"), "HEROES_JWT_KID is not set: the signing key's kid");
        String issuer = System.getenv("HEROES_JWT_ISSUER");
        return new TokenIssuer(
                SigningKey.readPem(Path.of(file), kid), issuer == null || issuer.isBlank() ? DEFAULT_ISSUER : issuer);
    }

    /** The same key and issuer, another clock (tests: tokens issued in the past). */
    public TokenIssuer withClock(Clock otherClock) {
        return new TokenIssuer(key, issuer, otherClock);
    }

    /** A client app's token: may write events for one classroom only; at most 30 days. */
    public String clientToken(UUID classroomId, Duration ttl) {
        return sign(
                TokenKind.CLIENT_APP,
                claims(Audience.INGEST, "classroom-app:" + classroomId, ttl)
                        .claim(TokenClaims.SCOPE, TokenClaims.EVENTS_WRITE)
                        .claim(TokenClaims.CLASSROOM_ID, classroomId.toString()),
                ttl);
    }

    /** The main app's token: may write the roster and events of any classroom; at most an hour. */
    public String serviceToken(Duration ttl) {
        return sign(
                TokenKind.SERVICE,
                claims(Audience.INGEST, "service:main-app", ttl)
                        .claim(TokenClaims.SCOPE, TokenClaims.ROSTER_WRITE + " " + TokenClaims.EVENTS_WRITE),
                ttl);
    }

    /** A facilitator's dashboard token: reads the aggregates of their own classrooms; at most 12 hours. */
    public String facilitatorToken(UUID facilitatorId, Duration ttl) {
        return sign(
                TokenKind.FACILITATOR,
                claims(Audience.QUERY, facilitatorId.toString(), ttl)
                        .claim(TokenClaims.SCOPE, TokenClaims.ANALYTICS_READ),
                ttl);
    }

    private JWTClaimsSet.Builder claims(Audience audience, String subject, Duration ttl) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience.claimValue())
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
    }

    private String sign(TokenKind kind, JWTClaimsSet.Builder claims, Duration ttl) {
        if (ttl.compareTo(kind.maxLifetime()) > 0) {
            throw new IllegalArgumentException("a " + kind.name().toLowerCase().replace('_', ' ') + " token lives "
                    + kind.maxLifetime() + " at most, not " + ttl);
        }
        JWSHeader header = new JWSHeader.Builder(key.algorithm())
                .type(JOSEObjectType.JWT)
                .keyID(key.kid())
                .build();
        SignedJWT jwt = new SignedJWT(header, claims.build());
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token with the key " + key.kid(), e);
        }
        return jwt.serialize();
    }

    private static String requireText(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(message);
        }
        return value;
    }
}
