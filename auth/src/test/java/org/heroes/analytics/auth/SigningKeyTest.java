package org.heroes.analytics.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issuer's key: a PKCS#8 PEM file of an EC P-256 or an RSA key, as {@code openssl genpkey} writes it. */
class SigningKeyTest {

    @TempDir
    Path dir;

    @Test
    void anEcP256KeySignsEs256AndAnRsaKeyRs256() throws Exception {
        ECKey ec = TestKeys.ecKey("ec");
        Path ecFile = pem(ec.toECPrivateKey().getEncoded());
        Path rsaFile =
                pem(new RSAKeyGenerator(2048).generate().toRSAPrivateKey().getEncoded());

        assertThat(SigningKey.readPem(ecFile, "ec").algorithm()).isEqualTo(JWSAlgorithm.ES256);
        assertThat(SigningKey.readPem(rsaFile, "rsa").algorithm()).isEqualTo(JWSAlgorithm.RS256);
    }

    @Test
    void otherCurvesWeakRsaKeysAndMissingKidsAreRefused() throws Exception {
        Path p384 =
                pem(new ECKeyGenerator(Curve.P_384).generate().toECPrivateKey().getEncoded());
        Path rsa1024 =
                pem(new RSAKeyGenerator(1024, true).generate().toRSAPrivateKey().getEncoded());
        Path good = pem(TestKeys.ecKey("ec").toECPrivateKey().getEncoded());

        assertThatThrownBy(() -> SigningKey.readPem(p384, "k")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.readPem(rsa1024, "k")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SigningKey.readPem(good, " ")).hasMessageContaining("kid");
        assertThatThrownBy(() -> SigningKey.readPem(dir.resolve("none.pem"), "k"))
                .hasMessageContaining("none.pem");
    }

    @Test
    void theKeyNeverShowsInItsDescription() throws Exception {
        SigningKey key =
                SigningKey.readPem(pem(TestKeys.ecKey("ec").toECPrivateKey().getEncoded()), "ec");

        assertThat(key.toString()).isEqualTo("SigningKey[kid=ec, ES256, <private>]");
    }

    private Path pem(byte[] pkcs8) throws Exception {
        Path file = Files.createTempFile(dir, "key", ".pem");
        Files.writeString(
                file,
                "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(pkcs8)
                        + "\n-----END PRIVATE KEY-----\n");
        return file;
    }
}
