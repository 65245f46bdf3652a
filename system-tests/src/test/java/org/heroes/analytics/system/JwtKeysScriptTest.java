package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.heroes.analytics.auth.Audience;
import org.heroes.analytics.auth.JwtProperties;
import org.heroes.analytics.auth.SigningKey;
import org.heroes.analytics.auth.TokenIssuer;
import org.heroes.analytics.auth.TokenVerification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The local issuer's keys as {@code scripts/lib/jwt-keys.sh} makes them with openssl (what {@code scripts/stack.sh up}
 * runs), read by the Java side: the private key signs tokens the services accept with the JWK set; the kid is the
 * key's RFC 7638 thumbprint; the private key is the owner's alone; a rotation set holds both keys and refuses a private
 * part.
 */
class JwtKeysScriptTest {

    private static final Path SCRIPT =
            Path.of("..", "scripts", "lib", "jwt-keys.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theScriptsKeysSignTokensTheServicesAccept() throws Exception {
        Path keys = dir.resolve("keys");
        run("generate", keys.toString());
        String kid = Files.readString(keys.resolve("kid")).strip();

        TokenIssuer issuer =
                new TokenIssuer(SigningKey.readPem(keys.resolve("private-key.pem"), kid), TokenIssuer.DEFAULT_ISSUER);
        JwtDecoder query = TokenVerification.decoder(
                new JwtProperties(keys.resolve("jwk-set.json").toString(), TokenIssuer.DEFAULT_ISSUER), Audience.QUERY);
        UUID facilitator = UUID.randomUUID();

        assertThat(query.decode(issuer.facilitatorToken(facilitator, Duration.ofMinutes(5)))
                        .getSubject())
                .isEqualTo(facilitator.toString());
        JWK publicKey =
                JWKSet.load(keys.resolve("jwk-set.json").toFile()).getKeys().get(0);
        assertThat(publicKey.isPrivate()).isFalse();
        assertThat(publicKey.computeThumbprint().toString()).isEqualTo(kid);
        assertThat(Files.getPosixFilePermissions(keys.resolve("private-key.pem")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aSecondGenerateKeepsTheKeyAndARotationSetHoldsBothPublicKeysOnly() throws Exception {
        Path old = dir.resolve("old");
        Path next = dir.resolve("next");
        run("generate", old.toString());
        String oldKid = Files.readString(old.resolve("kid"));
        run("generate", old.toString());
        run("generate", next.toString());

        assertThat(Files.readString(old.resolve("kid")))
                .as("generate never replaces a key")
                .isEqualTo(oldKid);
        String rotation = run(
                "set",
                old.resolve("public-jwk.json").toString(),
                next.resolve("public-jwk.json").toString());
        assertThat(JWKSet.parse(rotation).getKeys())
                .extracting(JWK::getKeyID)
                .containsExactly(
                        oldKid.strip(), Files.readString(next.resolve("kid")).strip());

        Path privateJwk = dir.resolve("private.json");
        Files.writeString(privateJwk, "{\"kty\":\"EC\",\"d\":\"secret\"}");
        assertThat(exitCode("set", privateJwk.toString()))
                .as("a set with a private part")
                .isNotZero();
    }

    private static String run(String... arguments) throws IOException, InterruptedException {
        Process process = start(arguments);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("jwt-keys.sh %s", List.of(arguments)).isZero();
        return output;
    }

    private static int exitCode(String... arguments) throws IOException, InterruptedException {
        Process process = start(arguments);
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }

    private static Process start(String... arguments) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
