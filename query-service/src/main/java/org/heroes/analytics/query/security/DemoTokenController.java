package org.heroes.analytics.query.security;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /demo/token}, in the {@code local} profile only: the demo facilitator's token, read from the token file,
 * to a client on the loopback. To anyone else, and when there is no file or its token would be refused (expired, say),
 * it answers {@code 404}, as for a path that does not exist.
 */
@RestController
@Profile(DemoSignIn.PROFILE)
class DemoTokenController {

    /** What the page receives: the token and whom it is for. */
    record DemoToken(String token, UUID facilitatorId, Instant expiresAt) {}

    private static final Logger LOG = LoggerFactory.getLogger(DemoTokenController.class);

    private final DemoProperties demo;
    private final JwtDecoder facilitatorTokens;

    DemoTokenController(DemoProperties demo, JwtDecoder facilitatorTokenDecoder) {
        this.demo = demo;
        this.facilitatorTokens = facilitatorTokenDecoder;
    }

    @GetMapping(path = "/demo/token", produces = "application/json")
    ResponseEntity<DemoToken> token(HttpServletRequest request) {
        if (!isLoopback(request.getRemoteAddr())) {
            return ResponseEntity.notFound().build();
        }
        return demoToken()
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    /** The file's token if this service would accept it: checked by the same decoder as every request. */
    private Optional<DemoToken> demoToken() {
        if (demo.tokenFile() == null || !Files.isRegularFile(demo.tokenFile())) {
            return Optional.empty();
        }
        try {
            String token = Files.readString(demo.tokenFile(), StandardCharsets.US_ASCII)
                    .strip();
            Jwt jwt = facilitatorTokens.decode(token);
            return Optional.of(new DemoToken(token, UUID.fromString(jwt.getSubject()), jwt.getExpiresAt()));
        } catch (IOException | JwtException e) {
            LOG.info(
                    "no demo sign-in: the token in {} cannot be used ({}); run scripts/demo.sh again",
                    demo.tokenFile(),
                    e.getMessage());
            return Optional.empty();
        }
    }

    /** An IPv4 or IPv6 literal: {@link InetAddress#getByName} looks such a string up nowhere. */
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+(%[0-9A-Za-z]+)?");

    /** The connection's own peer address (forwarding headers are not trusted in this profile) is a loopback one. */
    static boolean isLoopback(String remoteAddress) {
        if (remoteAddress == null || !ADDRESS_LITERAL.matcher(remoteAddress).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }
}
