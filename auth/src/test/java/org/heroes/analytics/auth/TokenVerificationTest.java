package org.heroes.analytics.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/** What a service accepts: tokens of its issuer for its audience, ES256 or RS256 with a key of its JWK set by kid. */
class TokenVerificationTest {

    private static final UUID CLASSROOM = UUID.fromString("0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c");
    private static final UUID FACILITATOR = UUID.fromString("3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a");

    @TempDir
    Path dir;

    private final ECKey current = TestKeys.ecKey("key-2026-12");
    private final ECKey next = TestKeys.ecKey("key-2027-06");
    private final TokenIssuer issuer = TestKeys.issuer(current);
    private Path jwkSet;
    private JwtDecoder ingest;
    private JwtDecoder query;

    @BeforeEach
    void servicesWithTheCurrentKey() {
        jwkSet = TestKeys.jwkSetFile(dir, current);
        ingest = decoder(Audience.INGEST);
        query = decoder(Audience.QUERY);
    }

    private JwtDecoder decoder(Audience audience) {
        return TokenVerification.decoder(new JwtProperties(jwkSet.toString(), TestKeys.ISSUER), audience);
    }

    @Test
    void clientTokenCarriesItsClassroomAndScope() {
        Jwt jwt = ingest.decode(issuer.clientToken(CLASSROOM, Duration.ofMinutes(5)));

        assertThat(jwt.getClaimAsString(TokenClaims.CLASSROOM_ID)).isEqualTo(CLASSROOM.toString());
        assertThat(jwt.getClaimAsString(TokenClaims.SCOPE)).isEqualTo(TokenClaims.EVENTS_WRITE);
        assertThat(jwt.getAudience()).containsExactly("heroes-ingest");
        assertThat(jwt.getClaimAsString("iss")).isEqualTo("heroes-local");
        assertThat(jwt.getHeaders()).containsEntry("alg", "ES256").containsEntry("kid", "key-2026-12");
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
        String forClassroom = issuer.clientToken(CLASSROOM, Duration.ofMinutes(5));

        assertThatThrownBy(() -> ingest.decode(forQuery)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> query.decode(forIngest)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> query.decode(forClassroom)).isInstanceOf(JwtException.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        Clock longAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        String expired = issuer.withClock(longAgo).serviceToken(Duration.ofMinutes(30));

        assertThatThrownBy(() -> ingest.decode(expired)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenOfAnotherIssuerIsRefused() throws Exception {
        String foreign = new TokenIssuer(SigningKey.of(current.toECPrivateKey(), current.getKeyID()), "someone-else")
                .serviceToken(Duration.ofMinutes(5));

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
        JWTClaimsSet claims = TestKeys.facilitatorClaims(Duration.ofMinutes(5)).build();
        String none = new PlainJWT(claims).serialize();
        String noneWithKid = base64Url("{\"alg\":\"none\",\"kid\":\"key-2026-12\"}") + "." + none.split("\\.")[1] + ".";

        assertThatThrownBy(() -> query.decode(none)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> query.decode(noneWithKid)).isInstanceOf(JwtException.class);
    }

    /**
     * Algorithm confusion: an HS256 token whose HMAC key is what every service may read, the public key, in each form
     * it is found in. A verifier that took the algorithm from the token would check the HMAC with those bytes.
     */
    @Test
    void anHs256TokenKeyedWithThePublicKeyIsRefused() throws Exception {
        JWTClaimsSet claims = TestKeys.facilitatorClaims(Duration.ofMinutes(5)).build();
        Map<String, byte[]> publicForms = new LinkedHashMap<>();
        publicForms.put("the JWK set file", Files.readAllBytes(jwkSet));
        publicForms.put("the public JWK", current.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
        publicForms.put("the SPKI DER", current.toECPublicKey().getEncoded());
        publicForms.put(
                "the SPKI PEM",
                ("-----BEGIN PUBLIC KEY-----\n"
                                + Base64.getMimeEncoder()
                                        .encodeToString(current.toECPublicKey().getEncoded())
                                + "\n-----END PUBLIC KEY-----\n")
                        .getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<String, byte[]> form : publicForms.entrySet()) {
            for (JWSAlgorithm hmac : new JWSAlgorithm[] {JWSAlgorithm.HS256, JWSAlgorithm.HS512}) {
                if (form.getValue().length * 8 < (hmac == JWSAlgorithm.HS256 ? 256 : 512)) {
                    continue;
                }
                String confused = TestKeys.signed(
                        new JWSHeader.Builder(hmac).keyID(current.getKeyID()).build(),
                        claims,
                        new MACSigner(form.getValue()));

                assertThatThrownBy(() -> query.decode(confused))
                        .as("%s keyed with %s", hmac, form.getKey())
                        .isInstanceOf(JwtException.class);
            }
        }
    }

    @Test
    void everyAlgorithmButEs256AndRs256IsRefused() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa-key").generate();
        ECKey p384 = new ECKeyGenerator(Curve.P_384).keyID("p384-key").generate();
        jwkSet = TestKeys.jwkSetFile(dir, current, rsa);
        query = decoder(Audience.QUERY);
        JWTClaimsSet claims = TestKeys.facilitatorClaims(Duration.ofMinutes(5)).build();

        assertThat(query.decode(TestKeys.signed(header(JWSAlgorithm.RS256, rsa), claims, new RSASSASigner(rsa))))
                .as("RS256 with the set's RSA key")
                .isNotNull();
        for (JWSAlgorithm other : new JWSAlgorithm[] {JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS512}) {
            String token = TestKeys.signed(header(other, rsa), claims, new RSASSASigner(rsa));
            assertThatThrownBy(() -> query.decode(token)).as("%s", other).isInstanceOf(JwtException.class);
        }
        String es384 = TestKeys.signed(header(JWSAlgorithm.ES384, p384), claims, new ECDSASigner(p384));
        assertThatThrownBy(() -> query.decode(es384)).as("ES384").isInstanceOf(JwtException.class);
    }

    @Test
    void bothKeysOfARotationAreAcceptedEachByItsKid() {
        jwkSet = TestKeys.jwkSetFile(dir, current, next);
        query = decoder(Audience.QUERY);

        assertThat(query.decode(TestKeys.issuer(current).facilitatorToken(FACILITATOR, Duration.ofMinutes(5)))
                        .getHeaders())
                .containsEntry("kid", current.getKeyID());
        assertThat(query.decode(TestKeys.issuer(next).facilitatorToken(FACILITATOR, Duration.ofMinutes(5)))
                        .getHeaders())
                .containsEntry("kid", next.getKeyID());
    }

    @Test
    void aTokenNamingAKidTheSetLacksIsRefused() {
        String unknown = TestKeys.issuer(next).facilitatorToken(FACILITATOR, Duration.ofMinutes(5));

        assertThatThrownBy(() -> query.decode(unknown)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenSignedWithAnotherKeyUnderAKnownKidIsRefused() {
        ECKey impostor = TestKeys.ecKey(current.getKeyID());
        String forged = TestKeys.issuer(impostor).facilitatorToken(FACILITATOR, Duration.ofMinutes(5));

        assertThatThrownBy(() -> query.decode(forged)).isInstanceOf(JwtException.class);
    }

    @Test
    void aTokenWithoutKidIsRefusedThoughItsSignatureIsGood() throws Exception {
        String noKid = TestKeys.signed(
                new JWSHeader.Builder(JWSAlgorithm.ES256).build(),
                TestKeys.facilitatorClaims(Duration.ofMinutes(5)).build(),
                new ECDSASigner(current));

        assertThatThrownBy(() -> query.decode(noKid)).isInstanceOf(JwtException.class);
    }

    private static JWSHeader header(JWSAlgorithm algorithm, com.nimbusds.jose.jwk.JWK key) {
        return new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build();
    }

    private static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
