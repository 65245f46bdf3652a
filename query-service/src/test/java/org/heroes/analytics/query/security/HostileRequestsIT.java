package org.heroes.analytics.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.heroes.analytics.query.Rollups;
import org.heroes.analytics.query.Roster;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.heroes.analytics.testsupport.TokenKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * What an attacker can send: SQL and setting injections in every parameter answer 400 or are treated as plain data,
 * and leave the caller's tenant context as it was; every kind of bad token answers 401 (wrong audience, issuer or key,
 * a lifetime too long, HS256 keyed with the public JWK set, {@code alg: none}, tampered).
 */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=query-service", QueryIntegrationTest.NO_RATE_LIMIT})
class HostileRequestsIT extends QueryIntegrationTest {

    private static final Instant FROM = Instant.parse("2026-11-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-11-02T00:00:00Z");

    @LocalServerPort
    int port;

    private final HeroesInfrastructure infra = HeroesInfrastructure.get();
    private final TokenIssuer tokens = infra.tokens();
    private final UUID alice = UUID.randomUUID();
    private final UUID bob = UUID.randomUUID();
    private UUID alicesClassroom;
    private UUID bobsClassroom;
    private QueryClient api;

    @BeforeEach
    void twoFacilitators() {
        infra.truncateAll();
        api = new QueryClient(port);
        Roster roster = new Roster(infra.dataSource(DbRole.WRITER));
        roster.facilitator(alice);
        roster.facilitator(bob);
        alicesClassroom = roster.classroom(alice, "alice", true, FROM);
        bobsClassroom = roster.classroom(bob, "bob", true, FROM);
        roster.event(alicesClassroom, "alice_event", "quiz", 1.0, FROM.plusSeconds(60));
        roster.event(bobsClassroom, "bob_event", "quiz", 2.0, FROM.plusSeconds(60));
        new Rollups(infra.dataSource(DbRole.WRITER)).derive();
    }

    private static final List<String> INJECTIONS = List.of(
            "' OR '1'='1",
            "'; SELECT set_config('app.facilitator_id', '%s', false); --",
            "x') UNION SELECT id::text, name, 1, null FROM classrooms --",
            "2026-11-01T00:00:00Z' OR 1=1 --",
            "hour'; DROP TABLE analytics_events; --",
            "%s",
            "\u0000",
            "../../actuator/env",
            "day\r\nX-Injected: yes",
            "a".repeat(2_000));

    @Test
    void injectionsInEveryParameterAreRefusedOrTreatedAsDataAndLeaveTheContextAlone() {
        String token = tokens.facilitatorToken(alice, Duration.ofMinutes(5));
        String base = "/v1/classrooms/" + alicesClassroom;
        for (String raw : INJECTIONS) {
            String injection = raw.formatted(bob);
            String value = URLEncoder.encode(injection, StandardCharsets.UTF_8);
            List<String> paths = List.of(
                    base + "/analytics?from=" + value + "&to=" + TO,
                    base + "/analytics?from=" + FROM + "&to=" + value,
                    base + "/feedback?from=" + value + "&to=" + TO,
                    base + "/feedback?from=" + FROM + "&to=" + value,
                    base + "/analytics/timeseries?from=" + FROM + "&to=" + TO + "&bucket=" + value,
                    base + "/analytics/timeseries?from=" + value + "&to=" + TO + "&bucket=hour",
                    base + "/analytics/timeseries?from=" + FROM + "&to=" + TO + "&eventType=" + value,
                    "/v1/classrooms/" + value + "/analytics?from=" + FROM + "&to=" + TO,
                    "/v1/classrooms/" + value + "/progress",
                    "/v1/classrooms/" + value + "/feedback?from=" + FROM + "&to=" + TO,
                    "/v1/classrooms?from=" + value + "&id=" + value);
            for (String path : paths) {
                HttpResponse<String> response = api.get(path, token);

                assertThat(response.statusCode())
                        .as("%s -> %s", path, response.body())
                        .isIn(200, 400, 404);
                assertThat(response.body()).doesNotContain("bob");
                assertThat(response.headers().firstValue("X-Injected")).isEmpty();
                assertContextIsAlicesAlone(token);
            }
        }
        HttpResponse<String> asData = api.get(
                base + "/analytics/timeseries?from=" + FROM + "&to=" + TO + "&eventType="
                        + URLEncoder.encode("' OR '1'='1", StandardCharsets.UTF_8),
                token);
        assertThat(asData.statusCode()).isEqualTo(200);
        assertThat(asData.body()).isEqualTo("[]");
    }

    private void assertContextIsAlicesAlone(String token) {
        JsonNode classrooms = QueryClient.json(api.get("/v1/classrooms", token));
        assertThat(classrooms.size()).isEqualTo(1);
        assertThat(classrooms.get(0).get("id").asString()).isEqualTo(alicesClassroom.toString());
        assertThat(api.get("/v1/classrooms/" + bobsClassroom + "/progress", token)
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void everyKindOfBadTokenIsUnauthorized() throws Exception {
        TokenKeys keys = infra.tokenKeys();
        TokenKeys impostor = TokenKeys.generate(Files.createTempDirectory("impostor"), keys.kid());
        String good = tokens.facilitatorToken(alice, Duration.ofMinutes(5));
        assertThat(api.get("/v1/classrooms", good).statusCode()).isEqualTo(200);

        String[] parts = good.split("\\.");
        String otherPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(alice.toString(), bob.toString())
                        .getBytes(StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + otherPayload + "." + parts[2];
        String unsigned = new PlainJWT(claims(TokenIssuer.DEFAULT_ISSUER, "heroes-query", alice, 300)).serialize();
        String noneWithSignature = unsigned + parts[2];

        List<String> bad = List.of(
                "",
                "garbage",
                tokens.facilitatorToken(alice, Duration.ofSeconds(-120)),
                keys.sign(claims(TokenIssuer.DEFAULT_ISSUER, "heroes-ingest", alice, 300)),
                keys.sign(claims("someone-else", "heroes-query", alice, 300)),
                keys.sign(claims(TokenIssuer.DEFAULT_ISSUER, "heroes-query", alice, 13 * 3600)),
                impostor.sign(claims(TokenIssuer.DEFAULT_ISSUER, "heroes-query", alice, 300)),
                hmac(
                        Files.readAllBytes(keys.jwkSetFile()),
                        claims(TokenIssuer.DEFAULT_ISSUER, "heroes-query", alice, 300)),
                tampered,
                unsigned,
                noneWithSignature,
                tokens.serviceToken(Duration.ofMinutes(5)),
                tokens.clientToken(alicesClassroom, Duration.ofMinutes(5)));
        for (String token : bad) {
            for (String path : List.of("/v1/classrooms", "/v1/classrooms/" + alicesClassroom + "/progress")) {
                assertThat(api.get(path, token).statusCode())
                        .as("%s with %s", path, token)
                        .isEqualTo(401);
            }
        }
        assertThat(api.get("/v1/classrooms", null).statusCode()).isEqualTo(401);
    }

    @Test
    void demoSignInDoesNotExistOutsideTheLocalProfile() {
        assertThat(api.get("/demo/token", null).statusCode()).isEqualTo(401);
        assertThat(api.get("/demo/token", tokens.facilitatorToken(alice, Duration.ofMinutes(5)))
                        .statusCode())
                .isEqualTo(403);
    }

    private static JWTClaimsSet claims(String issuer, String audience, UUID subject, long ttlSeconds) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(audience)
                .subject(subject.toString())
                .claim("scope", "analytics:read")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(ttlSeconds)))
                .build();
    }

    /** Algorithm confusion: HS256 keyed with bytes every service may read. */
    private String hmac(byte[] key, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(infra.tokenKeys().kid())
                        .build(),
                claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }
}
