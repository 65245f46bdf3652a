package org.heroes.analytics.cli;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.heroes.analytics.auth.JwtSettings;
import org.heroes.analytics.auth.TokenIssuer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Mints a token of DESIGN §3 with the secret in {@code HEROES_JWT_SECRET}; prints it. */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        description = "Mints a token for the local stack (HEROES_JWT_SECRET, HEROES_JWT_ISSUER) and prints it.")
final class TokenCommand implements Callable<Integer> {

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Kind kind;

    @Option(names = "--ttl", defaultValue = "PT12H", description = "Lifetime, ISO-8601 (default ${DEFAULT-VALUE}).")
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
        TokenIssuer issuer = new TokenIssuer(JwtSettings.fromEnvironment());
        String token;
        if (kind.facilitator != null) {
            token = issuer.facilitatorToken(kind.facilitator, ttl);
        } else if (kind.classroom != null) {
            token = issuer.clientToken(kind.classroom, ttl);
        } else {
            token = issuer.serviceToken(ttl);
        }
        System.out.println(token);
        return 0;
    }
}
