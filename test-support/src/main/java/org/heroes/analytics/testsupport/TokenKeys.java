package org.heroes.analytics.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.heroes.analytics.auth.SigningKey;
import org.heroes.analytics.auth.TokenIssuer;

/**
 * A token issuer of its own, as the local stack has one: an EC P-256 key pair whose private key is written as a PKCS#8
 * PEM file (mode 600, what {@code HEROES_JWT_PRIVATE_KEY_FILE} names for scripts) and whose public key is written as a
 * JWK set file (what the services read through {@code HEROES_JWT_JWK_SET}). Tests mint with {@link #issuer()}; the
 * services are given the JWK set only.
 */
public final class TokenKeys {

    private final ECKey key;
    private final Path privateKeyFile;
    private final Path jwkSetFile;

    private TokenKeys(ECKey key, Path privateKeyFile, Path jwkSetFile) {
        this.key = key;
        this.privateKeyFile = privateKeyFile;
        this.jwkSetFile = jwkSetFile;
    }

    /** A new key pair named {@code kid}, its files written into {@code dir}. */
    public static TokenKeys generate(Path dir, String kid) {
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
            Path privateKeyFile = dir.resolve("private-key.pem");
            WorkDirectory.write(
                    privateKeyFile,
                    "-----BEGIN PRIVATE KEY-----\n"
                            + Base64.getMimeEncoder()
                                    .encodeToString(key.toECPrivateKey().getEncoded())
                            + "\n-----END PRIVATE KEY-----\n");
            Path jwkSetFile = dir.resolve("jwk-set.json");
            WorkDirectory.write(jwkSetFile, new JWKSet(key.toPublicJWK()).toString());
            return new TokenKeys(key, privateKeyFile, jwkSetFile);
        } catch (JOSEException e) {
            throw new InfrastructureException("could not generate a token signing key", e);
        }
    }

    /** Mints tokens of the issuer {@code heroes-local} with this key. */
    public TokenIssuer issuer() {
        return issuer(Clock.systemUTC());
    }

    /** As {@link #issuer()}, with another clock (tokens issued in the past or the future). */
    public TokenIssuer issuer(Clock clock) {
        try {
            return new TokenIssuer(
                    SigningKey.of(key.toECPrivateKey(), key.getKeyID()), TokenIssuer.DEFAULT_ISSUER, clock);
        } catch (JOSEException e) {
            throw new InfrastructureException("the generated key has no private part", e);
        }
    }

    /**
     * Any claims, signed ES256 with this key and its kid: for tests of what the services refuse (no {@code exp}, a
     * lifetime too long) that {@link TokenIssuer} would not mint.
     */
    public String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .type(JOSEObjectType.JWT)
                        .keyID(key.getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new InfrastructureException("could not sign a test token", e);
        }
        return jwt.serialize();
    }

    public String kid() {
        return key.getKeyID();
    }

    /** The public JWK set (one key): what the services verify with. */
    public Path jwkSetFile() {
        return jwkSetFile;
    }

    /** The private key, PKCS#8 PEM: what scripts sign with; never handed to a service. */
    public Path privateKeyFile() {
        return privateKeyFile;
    }
}
