package org.heroes.analytics.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class VerifiedTokenCacheTest {

    @TempDir
    Path dir;

    private final AtomicInteger fullChecks = new AtomicInteger();
    private TokenIssuer issuer;
    private JwtDecoder counted;

    @BeforeEach
    void keys() {
        var key = TestKeys.ecKey("cache-test");
        issuer = TestKeys.issuer(key);
        JwtDecoder full = TokenVerification.decoder(
                new JwtProperties(TestKeys.jwkSetFile(dir, key).toString(), TestKeys.ISSUER), Audience.QUERY);
        counted = token -> {
            fullChecks.incrementAndGet();
            return full.decode(token);
        };
    }

    @Test
    void aVerifiedTokenIsCheckedInFullOnce() {
        VerifiedTokenCache cache = cache(Clock.systemUTC());
        UUID facilitator = UUID.randomUUID();
        String token = issuer.facilitatorToken(facilitator, Duration.ofMinutes(5));

        for (int i = 0; i < 3; i++) {
            assertThat(cache.decode(token).getSubject()).isEqualTo(facilitator.toString());
        }
        assertThat(fullChecks).hasValue(1);
    }

    @Test
    void aCachedTokenIsRefusedOnceExpired() {
        MutableClock clock = new MutableClock(Instant.now());
        VerifiedTokenCache cache = cache(clock);
        String token = issuer.facilitatorToken(UUID.randomUUID(), Duration.ofMinutes(5));
        cache.decode(token);

        clock.now = clock.now.plus(Duration.ofMinutes(7)); // past exp and the 60 s of clock skew

        assertThatThrownBy(() -> cache.decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThat(cache.size()).isZero();
    }

    @Test
    void aTamperedCopyOfACachedTokenIsCheckedInFullAndRefused() {
        VerifiedTokenCache cache = cache(Clock.systemUTC());
        String token = issuer.facilitatorToken(UUID.randomUUID(), Duration.ofMinutes(5));
        cache.decode(token);
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        String otherSubject = payload.replaceFirst("\"sub\":\"[^\"]+\"", "\"sub\":\"" + UUID.randomUUID() + "\"");
        String tampered = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(otherSubject.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];

        assertThatThrownBy(() -> cache.decode(tampered)).isInstanceOf(BadJwtException.class);
        assertThat(fullChecks).hasValue(2);
    }

    @Test
    void aRefusedTokenIsNotCached() {
        VerifiedTokenCache cache = cache(Clock.systemUTC());
        String ingest = issuer.serviceToken(Duration.ofMinutes(5));

        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> cache.decode(ingest)).isInstanceOf(BadJwtException.class);
        }
        assertThat(fullChecks).hasValue(2);
        assertThat(cache.size()).isZero();
    }

    private VerifiedTokenCache cache(Clock clock) {
        return new VerifiedTokenCache(counted, 100, Duration.ofMinutes(5), clock);
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
