package org.heroes.analytics.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The attack of issue 17, finding 1: whoever reads ingest-service's configuration (the internet-facing service, which
 * parses untrusted input) must not be able to mint a facilitator token and read a classroom. The attacker here knows
 * every variable test-support hands the services ({@link HeroesInfrastructure#environment()}, a superset of what
 * ingest-service is given) and every file those variables name, and tries each way of making a facilitator token from
 * them: an HMAC with any value or file as the key, the public keys of a JWK set as HMAC keys (algorithm confusion), a
 * signature with any private key found, and {@code alg: none}. Every one must be refused; a token of the real issuer,
 * the control, reads the classroom.
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=query-service")
class ForgedTokenIT extends QueryIntegrationTest {

    private static final Instant WHEN = Instant.parse("2026-11-01T00:00:00Z");

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final UUID victim = UUID.randomUUID();
    private String classroomPath;
    private QueryClient api;

    @BeforeEach
    void aFacilitatorWithAClassroom() {
        infra.truncateAll();
        api = new QueryClient(port);
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        roster.facilitator(victim);
        UUID classroom = roster.classroom(victim, "victim's class", true, WHEN);
        UUID student = roster.student(classroom, true);
        roster.progress(student, classroom, 1, "completed");
        classroomPath = "/v1/classrooms/" + classroom + "/progress";
    }

    @Test
    void theRealIssuersTokenReadsTheClassroom() {
        String token = infra.tokens().facilitatorToken(victim, Duration.ofMinutes(5));

        assertThat(api.get(classroomPath, token).statusCode()).isEqualTo(200);
    }

    @Test
    void nothingTheServicesAreConfiguredWithMintsAFacilitatorToken() throws Exception {
        Map<String, String> forged = new LinkedHashMap<>();
        Material material = Material.of(infra.environment());
        for (Map.Entry<String, byte[]> key : material.hmacKeys().entrySet()) {
            for (String kid : material.kids()) {
                forged.put("HS256 keyed with " + key.getKey() + ", kid " + kid, hmac(key.getValue(), kid));
            }
        }
        for (Map.Entry<String, PrivateKey> key : material.privateKeys().entrySet()) {
            for (String kid : material.kids()) {
                forged.put(
                        "signed with the private key in " + key.getKey() + ", kid " + kid, sign(key.getValue(), kid));
            }
        }
        forged.put("alg none", new PlainJWT(facilitatorClaims()).serialize());

        assertThat(forged).as("forgeries tried").isNotEmpty();
        for (Map.Entry<String, String> token : forged.entrySet()) {
            assertThat(api.get(classroomPath, token.getValue()).statusCode())
                    .as("a facilitator token made from the services' configuration: %s", token.getKey())
                    .isEqualTo(401);
        }
    }

    private JWTClaimsSet facilitatorClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(infra.environment().getOrDefault("HEROES_JWT_ISSUER", "heroes-local"))
                .audience("heroes-query")
                .subject(victim.toString())
                .claim("scope", "analytics:read")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .build();
    }

    private String hmac(byte[] key, String kid) throws JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(kid).build(), facilitatorClaims());
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    private String sign(PrivateKey key, String kid) throws JOSEException {
        boolean ec = key instanceof ECPrivateKey;
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(ec ? JWSAlgorithm.ES256 : JWSAlgorithm.RS256)
                        .keyID(kid)
                        .build(),
                facilitatorClaims());
        jwt.sign(ec ? new ECDSASigner((ECPrivateKey) key) : new RSASSASigner(key));
        return jwt.serialize();
    }

    /** What the attacker can take from the configuration: candidate HMAC keys, private keys, key ids. */
    private record Material(Map<String, byte[]> hmacKeys, Map<String, PrivateKey> privateKeys, Set<String> kids) {

        /** Nimbus' (and RFC 7518's) least HMAC key length for HS256. */
        private static final int MIN_HMAC_KEY_BYTES = 32;

        static Material of(Map<String, String> environment) throws Exception {
            Map<String, byte[]> hmacKeys = new LinkedHashMap<>();
            Map<String, PrivateKey> privateKeys = new LinkedHashMap<>();
            Set<String> kids = new LinkedHashSet<>();
            kids.add(null); // no kid at all
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                String name = variable.getKey();
                hmacKeys.put(name, variable.getValue().getBytes(StandardCharsets.UTF_8));
                if (name.endsWith("_KID")) {
                    kids.add(variable.getValue());
                }
                Path file = readableFile(variable.getValue());
                if (file == null) {
                    continue;
                }
                byte[] content = Files.readAllBytes(file);
                hmacKeys.put("the file " + name + " names", content);
                String text = new String(content, StandardCharsets.UTF_8);
                PrivateKey privateKey = privateKey(text);
                if (privateKey != null) {
                    privateKeys.put(name, privateKey);
                }
                for (JWK jwk : jwkSet(text)) {
                    kids.add(jwk.getKeyID());
                    String which = "public key " + jwk.getKeyID() + " of " + name;
                    hmacKeys.put(
                            which + " as JSON", jwk.toPublicJWK().toJSONString().getBytes(StandardCharsets.UTF_8));
                    byte[] der = ((AsymmetricJWK) jwk).toPublicKey().getEncoded();
                    hmacKeys.put(which + " as DER", der);
                    hmacKeys.put(which + " as PEM", pem("PUBLIC KEY", der).getBytes(StandardCharsets.UTF_8));
                }
            }
            hmacKeys.values().removeIf(key -> key.length < MIN_HMAC_KEY_BYTES);
            return new Material(hmacKeys, privateKeys, kids);
        }

        private static Path readableFile(String value) {
            try {
                Path path = Path.of(value);
                return path.isAbsolute() && Files.isRegularFile(path) && Files.isReadable(path) ? path : null;
            } catch (InvalidPathException notAPath) {
                return null;
            }
        }

        private static List<JWK> jwkSet(String text) {
            try {
                return JWKSet.parse(text).getKeys();
            } catch (java.text.ParseException notAJwkSet) {
                return List.of();
            }
        }

        private static PrivateKey privateKey(String text) throws IOException {
            int begin = text.indexOf("-----BEGIN PRIVATE KEY-----");
            int end = text.indexOf("-----END PRIVATE KEY-----");
            if (begin < 0 || end < 0) {
                return null;
            }
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
            List<Exception> failures = new ArrayList<>();
            for (String algorithm : List.of("EC", "RSA")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (Exception notThisKind) {
                    failures.add(notThisKind);
                }
            }
            throw new IOException("a private key of no known kind: " + failures);
        }

        private static String pem(String type, byte[] der) {
            return "-----BEGIN " + type + "-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type
                    + "-----\n";
        }
    }
}
