package org.heroes.analytics.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class TokenVerificationTest {

    private static final JwtSettings SETTINGS = new JwtSettings("k".repeat(40), "heroes-local");
    private static final UUID CLASSROOM = UUID.fromString("0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c");
    private static final UUID FACILITATOR = UUID.fromString("3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a");

    private final TokenIssuer issuer = new TokenIssuer(SETTINGS);
    private final JwtDecoder ingest = TokenVerification.decoder(SETTINGS, Audience.INGEST);
    private final JwtDecoder query = TokenVerification.decoder(SETTINGS, Audience.QUERY);

    @Test
    void clientTokenCarriesItsClassroomAndScope() {
        Jwt jwt = ingest.decode(issuer.clientToken(CLASSROOM, Duration.ofMinutes(5)));

        assertThat(jwt.getClaimAsString(TokenClaims.CLASSROOM_ID)).isEqualTo(CLASSROOM.toString());
        assertThat(jwt.getClaimAsString(TokenClaims.SCOPE)).isEqualTo(TokenClaims.EVENTS_WRITE);
        assertThat(jwt.getAudience()).containsExactly("heroes-ingest");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("heroes-local");
    }

    @Test
    void facilitatorTokenIsForQueryAndNamesTheFacilitator() {
        Jwt jwt = query.decode(issuer.facilitatorToken(FACILITATOR, Duration.ofMinutes(5)));

        assertThat(jwt.getSubject()).isEqualTo(FACILITATOR.toString());
        assertThat(jwt.getClaimAsString(TokenClaims.SCOPE)).isEqualTo(TokenClaims.ANALYTICS_READ);
    }

    @Test
    void aTokenForOneServiceIsRefusedByTheOther() {
        String forQuery = issuer.facilitatorToken(FACILITATOR, Duration.ofMinutes(5));
        String forIngest = issuer.serviceToken(Duration.ofMinutes(5));

        assertThatThrownBy(() -> ingest.decode(forQuery)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> query.decode(forIngest)).isInstanceOf(JwtException.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Clock longAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String expired = new TokenIssuer(SETTINGS, longAgo).serviceToken(Duration.ofMinutes(30));

        assertThatThrownBy(() -> ingest.decode(expired)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenSignedWithAnotherKeyIsRefused() {
        String forged =
                new TokenIssuer(new JwtSettings("x".repeat(40), "heroes-local")).serviceToken(Duration.ofMinutes(5));

        assertThatThrownBy(() -> ingest.decode(forged)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() {
        String foreign =
                new TokenIssuer(new JwtSettings(SETTINGS.secret(), "someone-else")).serviceToken(Duration.ofMinutes(5));

        assertThatThrownBy(() -> ingest.decode(foreign)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String[] parts = issuer.clientToken(CLASSROOM, Duration.ofMinutes(5)).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(CLASSROOM.toString(), UUID.randomUUID().toString());
        String tampered = parts[0] + "." + base64Url(payload) + "." + parts[2];

        assertThatThrownBy(() -> ingest.decode(tampered)).isInstanceOf(JwtException.class);
    }

    @Test
    void anUnsignedTokenIsRefused() {
        String header = base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload =
                base64Url("{\"iss\":\"heroes-local\",\"aud\":\"heroes-ingest\",\"scope\":\"roster:write events:write\","
                        + "\"exp\":" + Instant.now().plusSeconds(300).getEpochSecond() + "}");

        assertThatThrownBy(() -> ingest.decode(header + "." + payload + ".")).isInstanceOf(JwtException.class);
    }

    @Test
    void aShortSecretIsRefusedAtConfiguration() {
        assertThatThrownBy(() -> new JwtSettings("too-short", "heroes-local"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32");
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
