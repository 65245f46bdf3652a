package org.heroes.analytics.query.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.heroes.analytics.auth.JwtProperties;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.testsupport.TokenKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class FacilitatorTokensTest {

    @TempDir
    Path dir;

    private TokenKeys keys;
    private JwtDecoder decoder;
    private TokenIssuer issuer;

    @BeforeEach
    void keys() {
        keys = TokenKeys.generate(dir, "facilitator-tokens-test");
        decoder = FacilitatorTokens.decoder(new JwtProperties(keys.jwkSetFile().toString(), "heroes-local"));
        issuer = keys.issuer();
    }

    @Test
    void facilitatorTokenIsAccepted() {
        UUID facilitator = UUID.randomUUID();

        assertThat(decoder.decode(issuer.facilitatorToken(facilitator, Duration.ofMinutes(5)))
                        .getSubject())
                .isEqualTo(facilitator.toString());
    }

    @Test
    void ingestTokenIsRefused() {
        assertThatThrownBy(() -> decoder.decode(issuer.serviceToken(Duration.ofMinutes(5))))
                .isInstanceOf(BadJwtException.class);
    }

    @Test
    void subjectThatIsNoUuidIsRefused() throws Exception {
        assertThatThrownBy(() -> decoder.decode(queryToken("admin"))).isInstanceOf(BadJwtException.class);
    }

    @Test
    void shortenedUuidSubjectIsRefused() throws Exception {
        assertThatThrownBy(() -> decoder.decode(queryToken("1-2-3-4-5"))).isInstanceOf(BadJwtException.class);
    }

    @Test
    void canonicalUuidCheck() {
        assertThat(FacilitatorTokens.isCanonicalUuid("9b2f6c1e-3a4d-4e5f-8a6b-7c8d9e0f1a2b"))
                .isTrue();
        assertThat(FacilitatorTokens.isCanonicalUuid("9B2F6C1E-3A4D-4E5F-8A6B-7C8D9E0F1A2B"))
                .isTrue();
        assertThat(FacilitatorTokens.isCanonicalUuid(null)).isFalse();
        assertThat(FacilitatorTokens.isCanonicalUuid("9b2f6c1e3a4d4e5f8a6b7c8d9e0f1a2b"))
                .isFalse();
        assertThat(FacilitatorTokens.isCanonicalUuid("9b2f6c1e-3a4d-4e5f-8a6b-7c8d9e0f1a2g"))
                .isFalse();
    }

    /** A correctly signed heroes-query token with scope analytics:read whose sub is {@code subject}. */
    private String queryToken(String subject) {
        Instant now = Instant.now();
        return keys.sign(new JWTClaimsSet.Builder()
                .issuer("heroes-local")
                .audience("heroes-query")
                .subject(subject)
                .claim("scope", "analytics:read")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(300)))
                .build());
    }
}
