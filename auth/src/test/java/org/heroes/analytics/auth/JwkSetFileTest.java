package org.heroes.analytics.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** The services' key sources: a JWK set file of public signature keys, read again when it changes; or a URL. */
class JwkSetFileTest {

    @TempDir
    Path dir;

    private final ECKey current = TestKeys.ecKey("current");
    private final ECKey next = TestKeys.ecKey("next");

    @Test
    void aFileHoldingAPrivateKeyIsRefused() {
        String withPrivatePart = new JWKSet(current).toString(false);

        assertThatThrownBy(() -> JwkSetFile.parse(withPrivatePart, "test"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("private part of key current");
    }

    @Test
    void aFileHoldingAnythingButPublicSignatureKeysWithDistinctKidsIsRefused() throws Exception {
        OctetSequenceKey hmac = new OctetSequenceKeyGenerator(256).keyID("hmac").generate();
        String weakRsa = new JWKSet(
                        new RSAKeyGenerator(1024, true).keyID("weak").generate().toPublicJWK())
                .toString();

        assertThatThrownBy(() -> JwkSetFile.parse(new JWKSet(hmac).toString(false), "test"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> JwkSetFile.parse(weakRsa, "test")).hasMessageContaining("neither");
        assertThatThrownBy(() -> JwkSetFile.parse(
                        new JWKSet(current.toPublicJWK()).toString().replace("\"kid\":\"current\",", ""), "test"))
                .hasMessageContaining("no kid");
        assertThatThrownBy(() -> JwkSetFile.parse(
                        new JWKSet(List.of(
                                        current.toPublicJWK(),
                                        TestKeys.ecKey("current").toPublicJWK()))
                                .toString(),
                        "test"))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> JwkSetFile.parse("{\"keys\":[]}", "test")).hasMessageContaining("no key");
        assertThatThrownBy(() -> JwkSetFile.parse("HEROES_JWT_SECRET=abc", "test"))
                .hasMessageContaining("not a JWK set");
    }

    @Test
    void aServiceDoesNotStartWithoutAUsableJwkSet() {
        JwtProperties missing = new JwtProperties(dir.resolve("absent.json").toString(), TestKeys.ISSUER);

        assertThatThrownBy(() -> TokenVerification.decoder(missing, Audience.QUERY))
                .hasMessageContaining("absent.json");
    }

    @Test
    void aChangedFileIsReadAgainAfterTheCheckInterval() throws IOException {
        Path file = TestKeys.jwkSetFile(dir, current);
        MutableClock clock = new MutableClock(Instant.now());
        JwtDecoder query = TokenVerification.decoder(file.toString(), TestKeys.ISSUER, Audience.QUERY, clock);
        String byNext = TestKeys.issuer(next).facilitatorToken(UUID.randomUUID(), Duration.ofMinutes(5));

        assertThatThrownBy(() -> query.decode(byNext)).isInstanceOf(JwtException.class);
        TestKeys.write(file, current, next);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(1)));
        clock.advance(JwkSetFile.CHECK_INTERVAL);

        assertThat(query.decode(byNext).getHeaders()).containsEntry("kid", "next");

        TestKeys.write(file, next);
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(2)));
        clock.advance(JwkSetFile.CHECK_INTERVAL);
        String byCurrent = TestKeys.issuer(current).facilitatorToken(UUID.randomUUID(), Duration.ofMinutes(5));
        assertThatThrownBy(() -> query.decode(byCurrent))
                .as("a key removed from the file")
                .isInstanceOf(JwtException.class);
    }

    @Test
    void aChangedFileThatIsRefusedLeavesTheKeysInUse() throws IOException {
        Path file = TestKeys.jwkSetFile(dir, current);
        MutableClock clock = new MutableClock(Instant.now());
        JwtDecoder query = TokenVerification.decoder(file.toString(), TestKeys.ISSUER, Audience.QUERY, clock);

        Files.writeString(file, "{\"keys\": [", StandardCharsets.UTF_8); // half written
        clock.advance(JwkSetFile.CHECK_INTERVAL);

        assertThat(query.decode(TestKeys.issuer(current).facilitatorToken(UUID.randomUUID(), Duration.ofMinutes(5))))
                .isNotNull();
    }

    @Test
    void theKeysMayComeFromAUrl() throws IOException {
        byte[] jwkSet = new JWKSet(List.of(current.toPublicJWK(), next.toPublicJWK()))
                .toString()
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwkSet.length);
            exchange.getResponseBody().write(jwkSet);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
            JwtDecoder query = TokenVerification.decoder(new JwtProperties(url, TestKeys.ISSUER), Audience.QUERY);

            assertThat(query.decode(TestKeys.issuer(next).facilitatorToken(UUID.randomUUID(), Duration.ofMinutes(5))))
                    .isNotNull();
            String unknown = TestKeys.issuer(TestKeys.ecKey("unknown"))
                    .facilitatorToken(UUID.randomUUID(), Duration.ofMinutes(5));
            for (int attempt = 0; attempt < 2; attempt++) { // the second within the rate limit of fetches
                assertThatThrownBy(() -> query.decode(unknown))
                        .as("a bad token (401), not a failure of the key source (500)")
                        .isInstanceOf(BadJwtException.class);
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void keysAreFetchedOverHttpsOrFromTheLoopbackOnly() {
        assertThatThrownBy(() -> TokenVerification.decoder(
                        new JwtProperties("http://keys.example/jwks.json", TestKeys.ISSUER), Audience.QUERY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https");
        assertThat(TokenVerification.decoder(
                        new JwtProperties("https://keys.example/jwks.json", TestKeys.ISSUER), Audience.QUERY))
                .as("built without fetching: the set is fetched for the first token")
                .isNotNull();
    }

    /** A clock the test moves forward. */
    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
