package org.heroes.analytics.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A token without {@code exp} or {@code iat}, issued in the future, or living ({@code exp} − {@code iat}) longer than
 * its kind allows is refused; a token living exactly its kind's limit is accepted. Facilitator 12 h, client app 30
 * days, service 1 h.
 */
class TokenLifetimeTest {

    private static final Duration SECOND = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final ECKey key = TestKeys.ecKey("lifetime-key");
    private JwtDecoder ingest;
    private JwtDecoder query;

    @BeforeEach
    void services() {
        JwtProperties properties =
                new JwtProperties(TestKeys.jwkSetFile(dir, key).toString(), TestKeys.ISSUER);
        ingest = TokenVerification.decoder(properties, Audience.INGEST);
        query = TokenVerification.decoder(properties, Audience.QUERY);
    }

    @Test
    void aFacilitatorTokenLivesTwelveHoursAtMost() {
        assertLivesAtMost(query, facilitator(), Duration.ofHours(12));
    }

    @Test
    void aClientAppTokenLivesThirtyDaysAtMost() {
        assertLivesAtMost(ingest, clientApp(), Duration.ofDays(30));
    }

    @Test
    void aServiceTokenLivesAnHourAtMost() {
        assertLivesAtMost(ingest, service(), Duration.ofHours(1));
    }

    /** Exactly {@code limit} is accepted, a second more refused. */
    private void assertLivesAtMost(JwtDecoder decoder, JWTClaimsSet.Builder claims, Duration limit) {
        assertThat(decoder.decode(signed(claims, limit))).isNotNull();
        assertThatThrownBy(() -> decoder.decode(signed(claims, limit.plus(SECOND))))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("lives longer");
    }

    @Test
    void aServiceTokenThatAlsoNamesAClassroomGetsTheServiceLimit() {
        JWTClaimsSet.Builder both =
                service().claim(TokenClaims.CLASSROOM_ID, UUID.randomUUID().toString());

        assertThatThrownBy(() -> ingest.decode(signed(both, Duration.ofDays(30))))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("lives longer");
    }

    @Test
    void aTokenWithoutExpIsRefused() {
        JWTClaimsSet claims = facilitator().issueTime(new Date()).build();

        assertThatThrownBy(() -> query.decode(TestKeys.signed(key, claims)))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("iat and exp");
    }

    @Test
    void aTokenWithoutIatIsRefused() {
        JWTClaimsSet claims = service()
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build();

        assertThatThrownBy(() -> ingest.decode(TestKeys.signed(key, claims)))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("iat and exp");
    }

    /** Else a token "issued" next year for an hour would be good from now until then. */
    @Test
    void aTokenIssuedInTheFutureIsRefused() {
        Instant nextYear = Instant.now().plus(Duration.ofDays(365));
        JWTClaimsSet claims = service()
                .issueTime(Date.from(nextYear))
                .expirationTime(Date.from(nextYear.plus(Duration.ofMinutes(30))))
                .build();

        assertThatThrownBy(() -> ingest.decode(TestKeys.signed(key, claims)))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("future");
    }

    @Test
    void aTokenOfNoKnownKindIsRefused() {
        JWTClaimsSet.Builder eventsOnly = new JWTClaimsSet.Builder()
                .issuer(TestKeys.ISSUER)
                .audience(Audience.INGEST.claimValue())
                .claim(TokenClaims.SCOPE, TokenClaims.EVENTS_WRITE);

        assertThatThrownBy(() -> ingest.decode(signed(eventsOnly, Duration.ofMinutes(5))))
                .isInstanceOf(JwtException.class)
                .hasMessageContaining("no known kind");
    }

    @Test
    void theIssuerRefusesToMintATokenLongerThanItsKindAllows() {
        TokenIssuer issuer = TestKeys.issuer(key);

        assertThatThrownBy(() -> issuer.facilitatorToken(UUID.randomUUID(), Duration.ofHours(13)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT12H");
        assertThatThrownBy(() -> issuer.serviceToken(Duration.ofHours(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT1H");
        assertThat(ingest.decode(issuer.clientToken(UUID.randomUUID(), Duration.ofDays(30))))
                .isNotNull();
    }

    /** {@code claims} issued now, expiring after {@code lifetime}. */
    private String signed(JWTClaimsSet.Builder claims, Duration lifetime) {
        Instant now = Instant.now();
        return TestKeys.signed(
                key,
                claims.issueTime(Date.from(now))
                        .expirationTime(Date.from(now.plus(lifetime)))
                        .build());
    }

    private static JWTClaimsSet.Builder facilitator() {
        return new JWTClaimsSet.Builder()
                .issuer(TestKeys.ISSUER)
                .audience(Audience.QUERY.claimValue())
                .subject(UUID.randomUUID().toString())
                .claim(TokenClaims.SCOPE, TokenClaims.ANALYTICS_READ);
    }

    private static JWTClaimsSet.Builder clientApp() {
        return new JWTClaimsSet.Builder()
                .issuer(TestKeys.ISSUER)
                .audience(Audience.INGEST.claimValue())
                .claim(TokenClaims.SCOPE, TokenClaims.EVENTS_WRITE)
                .claim(TokenClaims.CLASSROOM_ID, UUID.randomUUID().toString());
    }

    private static JWTClaimsSet.Builder service() {
        return new JWTClaimsSet.Builder()
                .issuer(TestKeys.ISSUER)
                .audience(Audience.INGEST.claimValue())
                .claim(TokenClaims.SCOPE, TokenClaims.ROSTER_WRITE + " " + TokenClaims.EVENTS_WRITE);
    }
}
