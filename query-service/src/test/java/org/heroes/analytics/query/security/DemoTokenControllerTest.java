package org.heroes.analytics.query.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.heroes.analytics.auth.JwtProperties;
import org.heroes.analytics.testsupport.TokenKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;

/** The demo sign-in hands its token to loopback clients only, and only a token this service would accept. */
class DemoTokenControllerTest {

    @TempDir
    Path dir;

    private TokenKeys keys;
    private Path tokenFile;
    private DemoTokenController controller;

    @BeforeEach
    void aDemoToken() {
        keys = TokenKeys.generate(dir, "demo-key");
        tokenFile = dir.resolve("demo-facilitator.jwt");
        controller = new DemoTokenController(
                new DemoProperties(tokenFile),
                FacilitatorTokens.decoder(new JwtProperties(keys.jwkSetFile().toString(), "heroes-local")));
    }

    @Test
    void aLoopbackClientGetsTheTokenAndWhomItIsFor() throws Exception {
        UUID facilitator = UUID.randomUUID();
        Files.writeString(tokenFile, keys.issuer().facilitatorToken(facilitator, Duration.ofHours(1)) + "\n");

        for (String loopback : new String[] {"127.0.0.1", "127.0.0.2", "0:0:0:0:0:0:0:1", "::1"}) {
            var answer = controller.token(from(loopback));
            assertThat(answer.getStatusCode().value()).as(loopback).isEqualTo(200);
            assertThat(answer.getBody().facilitatorId()).isEqualTo(facilitator);
        }
    }

    @Test
    void anyOtherClientGetsNotFound() throws Exception {
        Files.writeString(tokenFile, keys.issuer().facilitatorToken(UUID.randomUUID(), Duration.ofHours(1)));

        for (String remote : new String[] {"192.0.2.7", "10.0.0.1", "::ffff:192.0.2.7", "fe80::1", "localhost", ""}) {
            assertThat(controller.token(from(remote)).getStatusCode().value())
                    .as(remote)
                    .isEqualTo(404);
        }
    }

    @Test
    void withoutAFileOrWithATokenTheServiceWouldRefuseThereIsNoDemoSignIn() throws Exception {
        assertThat(controller.token(from("127.0.0.1")).getStatusCode().value()).isEqualTo(404);

        Files.writeString(tokenFile, keys.issuer().facilitatorToken(UUID.randomUUID(), Duration.ofMinutes(-5)));
        assertThat(controller.token(from("127.0.0.1")).getStatusCode().value())
                .as("an expired token")
                .isEqualTo(404);

        Files.writeString(tokenFile, keys.issuer().serviceToken(Duration.ofMinutes(5)));
        assertThat(controller.token(from("127.0.0.1")).getStatusCode().value())
                .as("a token for ingest-service")
                .isEqualTo(404);
    }

    private static MockHttpServletRequest from(String remoteAddress) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/demo/token");
        request.setRemoteAddr(remoteAddress);
        return request;
    }
}
