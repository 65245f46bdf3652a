package org.heroes.analytics.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * The issuer's private key and the {@code kid} the services find its public half under: an EC key on P-256 signs
 * ES256, an RSA key of 2048 bits or more RS256. Only the issuer holds one (scripts, the demo, tests); no service does.
 */
public final class SigningKey {

    /** RFC 7518 §3.3: RS256 needs 2048 bits at least. */
    static final int MIN_RSA_BITS = 2048;

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";

    private final PrivateKey key;
    private final String kid;
    private final JWSAlgorithm algorithm;

    private SigningKey(PrivateKey key, String kid, JWSAlgorithm algorithm) {
        this.key = key;
        this.kid = kid;
        this.algorithm = algorithm;
    }

    /** An EC P-256 key (ES256) or an RSA key of at least 2048 bits (RS256); anything else is refused. */
    public static SigningKey of(PrivateKey key, String kid) {
        Objects.requireNonNull(key, "key");
        if (kid == null || kid.isBlank()) {
            throw new IllegalArgumentException("a signing key needs a kid (HEROES_JWT_KID)");
        }
        if (key instanceof ECPrivateKey ec
                && ec.getParams().getCurve().getField().getFieldSize() == 256) {
            return new SigningKey(key, kid, JWSAlgorithm.ES256);
        }
        if (key instanceof RSAPrivateKey rsa && rsa.getModulus().bitLength() >= MIN_RSA_BITS) {
            return new SigningKey(key, kid, JWSAlgorithm.RS256);
        }
        throw new IllegalArgumentException("a signing key is an EC key on P-256 (ES256) or an RSA key of "
                + MIN_RSA_BITS + " bits or more (RS256), not a " + key.getAlgorithm() + " key of this size");
    }

    /** The PKCS#8 PEM file ({@code -----BEGIN PRIVATE KEY-----}) of an EC P-256 or RSA key. */
    public static SigningKey readPem(Path file, String kid) {
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the signing key " + file, e);
        }
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException(file + " is not a PKCS#8 PEM private key (" + PEM_BEGIN + ")");
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + PEM_BEGIN.length(), end));
        for (String algorithm : new String[] {"EC", "RSA"}) {
            try {
                return of(KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der)), kid);
            } catch (GeneralSecurityException notThisAlgorithm) {
                // the other algorithm's turn; the PKCS#8 structure names one, and KeyFactory refuses the other
            }
        }
        throw new IllegalArgumentException(file + " holds neither an EC nor an RSA private key");
    }

    public String kid() {
        return kid;
    }

    /** ES256 or RS256. */
    public JWSAlgorithm algorithm() {
        return algorithm;
    }

    JWSSigner signer() {
        try {
            return algorithm == JWSAlgorithm.ES256 ? new ECDSASigner((ECPrivateKey) key) : new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign with the " + algorithm + " key " + kid, e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", " + algorithm + ", <private>]";
    }
}
