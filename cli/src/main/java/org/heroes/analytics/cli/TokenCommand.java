package org.heroes.analytics.cli;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.auth.TokenKind;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Mints a token with the issuer's private key ({@code HEROES_JWT_PRIVATE_KEY_FILE}, {@code HEROES_JWT_KID}); prints it.
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description =
                "Mints a token for the local stack (HEROES_JWT_PRIVATE_KEY_FILE, HEROES_JWT_KID, HEROES_JWT_ISSUER)"
                        + " and prints it.")
final class TokenCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Kind kind;

    @Option(
            names = "--ttl",
            description = "Lifetime, ISO-8601 (default and most: PT12H for a facilitator, PT720H for a client app,"
                    + " PT1H for the service).")
    private Duration ttl;

    static final class Kind {
        @Option(names = "--facilitator", paramLabel = "ID", description = "A facilitator's dashboard token.")
        UUID facilitator;

        @Option(names = "--classroom", paramLabel = "ID", description = "A client app's token for one classroom.")
        UUID classroom;

        @Option(names = "--service", description = "The main app's token (roster and events).")
        boolean service;
    }

    @Override
    public Integer call() {
        TokenIssuer issuer = TokenIssuer.fromEnvironment();
        String token;
        if (kind.facilitator != null) {
            token = issuer.facilitatorToken(kind.facilitator, lifetime(TokenKind.FACILITATOR));
        } else if (kind.classroom != null) {
            token = issuer.clientToken(kind.classroom, lifetime(TokenKind.CLIENT_APP));
        } else {
            token = issuer.serviceToken(lifetime(TokenKind.SERVICE));
        }
        System.out.println(token);
        return 0;
    }

    private Duration lifetime(TokenKind kind) {
        return ttl != null ? ttl : kind.maxLifetime();
    }
}
