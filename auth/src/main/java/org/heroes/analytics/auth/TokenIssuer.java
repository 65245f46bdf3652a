package org.heroes.analytics.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/** Mints the three kinds of token of DESIGN §3. */
public final class TokenIssuer {

    private final JwtSettings settings;
    private final Clock clock;

    public TokenIssuer(JwtSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    public TokenIssuer(JwtSettings settings) {
        this(settings, Clock.systemUTC());
    }

    /** A client app's token: may write events for one classroom only. */
    public String clientToken(UUID classroomId, Duration ttl) {
        return sign(claims(Audience.INGEST, "classroom-app:" + classroomId, ttl)
                .claim(TokenClaims.SCOPE, TokenClaims.EVENTS_WRITE)
                .claim(TokenClaims.CLASSROOM_ID, classroomId.toString())
                .build());
    }

    /** The main app's token: may write the roster and events of any classroom. */
    public String serviceToken(Duration ttl) {
        return sign(claims(Audience.INGEST, "service:main-app", ttl)
                .claim(TokenClaims.SCOPE, TokenClaims.ROSTER_WRITE + " " + TokenClaims.EVENTS_WRITE)
                .build());
    }

    /** A facilitator's dashboard token: reads the aggregates of their own classrooms. */
    public String facilitatorToken(UUID facilitatorId, Duration ttl) {
        return sign(claims(Audience.QUERY, facilitatorId.toString(), ttl)
                .claim(TokenClaims.SCOPE, TokenClaims.ANALYTICS_READ)
                .build());
    }

    private JWTClaimsSet.Builder claims(Audience audience, String subject, Duration ttl) {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder()
                .issuer(settings.issuer())
                .audience(audience.claimValue())
                .subject(subject)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)));
    }

    private String sign(JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(settings.keyBytes()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign token", e);
        }
    }
}
