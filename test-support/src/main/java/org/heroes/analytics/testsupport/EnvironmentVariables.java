package org.heroes.analytics.testsupport;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.heroes.analytics.auth.TokenIssuer;

/**
 * The HEROES_* variables of the local stack's vocabulary (what {@code scripts/stack.sh env} prints), for
 * infrastructure on the given ports, as a service is given them. Service ports and URLs are left out: tests start
 * services on random ports of their own. The token issuer's private key is left out too: no service is given it
 * ({@link TokenKeys#privateKeyFile()} is for the tests alone).
 */
final class EnvironmentVariables {

    static final String HOST = "127.0.0.1";

    private EnvironmentVariables() {}

    static Map<String, String> of(
            int postgresPort,
            int pgBouncerPort,
            String kafkaBootstrap,
            Map<DbRole, String> passwords,
            TokenKeys tokenKeys) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HEROES_JWT_JWK_SET", tokenKeys.jwkSetFile().toString());
        env.put("HEROES_JWT_ISSUER", TokenIssuer.DEFAULT_ISSUER);
        env.put("HEROES_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put("HEROES_PG_HOST", HOST);
        env.put("HEROES_PG_PORT", Integer.toString(postgresPort));
        env.put("HEROES_PGBOUNCER_PORT", Integer.toString(pgBouncerPort));
        for (DbRole role : DbRole.values()) {
            if (role != DbRole.SUPERUSER) {
                env.put("HEROES_PG_" + role.variableSuffix() + "_PASSWORD", passwords.get(role));
            }
        }
        for (DbRole role : DbRole.values()) {
            int port = role.throughPgBouncer() ? pgBouncerPort : postgresPort;
            env.put(
                    "HEROES_PG_" + role.variableSuffix() + "_URI",
                    "postgresql://" + role.userName() + ":" + passwords.get(role) + "@" + HOST + ":" + port + "/"
                            + PostgresCluster.DATABASE);
        }
        return Collections.unmodifiableMap(env);
    }

    /** {@code env} without the {@code HEROES_PG_<ROLE>_PASSWORD} and {@code _URI} of every role not in {@code roles}. */
    static Map<String, String> forRoles(Map<String, String> env, Collection<DbRole> roles) {
        Map<String, String> kept = new LinkedHashMap<>(env);
        for (DbRole role : DbRole.values()) {
            if (!roles.contains(role)) {
                kept.remove("HEROES_PG_" + role.variableSuffix() + "_PASSWORD");
                kept.remove("HEROES_PG_" + role.variableSuffix() + "_URI");
            }
        }
        return Collections.unmodifiableMap(kept);
    }
}
