package org.heroes.analytics.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/** Key pairs and hand-made tokens for the tests of this module. */
final class TestKeys {

    static final String ISSUER = "heroes-local";

    private TestKeys() {}

    static ECKey ecKey(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWK set file in {@code dir} with the public halves of {@code keys}. */
    static Path jwkSetFile(Path dir, JWK... keys) {
        Path file = dir.resolve("jwk-set-" + UUID.randomUUID() + ".json");
        write(file, keys);
        return file;
    }

    static void write(Path file, JWK... keys) {
        try {
            Files.writeString(
                    file,
                    new JWKSet(List.of(keys).stream().map(JWK::toPublicJWK).toList()).toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static TokenIssuer issuer(ECKey key) {
        try {
            return new TokenIssuer(SigningKey.of(key.toECPrivateKey(), key.getKeyID()), ISSUER);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Claims of a facilitator token living {@code lifetime} from now, as the issuer would make them. */
    static JWTClaimsSet.Builder facilitatorClaims(Duration lifetime) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(Audience.QUERY.claimValue())
                .subject(UUID.randomUUID().toString())
                .claim(TokenClaims.SCOPE, TokenClaims.ANALYTICS_READ)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)));
    }

    /** {@code claims} signed ES256 with {@code key}, its kid in the header. */
    static String signed(ECKey key, JWTClaimsSet claims) {
        try {
            return signed(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims,
                    new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String signed(JWSHeader header, JWTClaimsSet claims, JWSSigner signer) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
