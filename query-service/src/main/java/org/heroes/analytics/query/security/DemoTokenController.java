package org.heroes.analytics.query.security;

import java.time.Instant;
import java.util.UUID;
import org.heroes.analytics.auth.JwtProperties;
import org.heroes.analytics.auth.TokenIssuer;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /demo/token}: a facilitator token for the demo facilitator, in the {@code local} profile only. */
@RestController
@Profile(DemoSignIn.PROFILE)
class DemoTokenController {

    /** What the page receives: the token and whom it is for. */
    record DemoToken(String token, UUID facilitatorId, Instant expiresAt) {}

    private final TokenIssuer tokens;
    private final DemoProperties demo;

    DemoTokenController(JwtProperties jwt, DemoProperties demo) {
        this.tokens = new TokenIssuer(jwt.settings());
        this.demo = demo;
    }

    @GetMapping(path = "/demo/token", produces = "application/json")
    DemoToken token() {
        return new DemoToken(
                tokens.facilitatorToken(demo.facilitatorId(), demo.tokenTtl()),
                demo.facilitatorId(),
                Instant.now().plus(demo.tokenTtl()));
    }
}
