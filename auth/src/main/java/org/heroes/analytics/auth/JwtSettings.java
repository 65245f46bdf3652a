package org.heroes.analytics.auth;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The shared HMAC secret (its UTF-8 bytes are the key) and the issuer every token carries.
 *
 * @param secret at least 32 characters; never defaulted in a committed file
 * @param issuer the {@code iss} claim, {@code heroes-local} on the local stack
 */
public record JwtSettings(String secret, String issuer) {

    public static final int MIN_SECRET_LENGTH = 32;
    public static final String DEFAULT_ISSUER = "heroes-local";

    public JwtSettings {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(
                    "the JWT secret (HEROES_JWT_SECRET) must have at least " + MIN_SECRET_LENGTH + " characters");
        }
        Objects.requireNonNull(issuer, "issuer");
        if (issuer.isBlank()) {
            throw new IllegalArgumentException("the JWT issuer (HEROES_JWT_ISSUER) must not be blank");
        }
    }

    /** Settings from {@code HEROES_JWT_SECRET} and {@code HEROES_JWT_ISSUER}. */
    public static JwtSettings fromEnvironment() {
        String issuer = System.getenv("HEROES_JWT_ISSUER");
        return new JwtSettings(
                System.getenv("HEROES_JWT_SECRET"), issuer == null || issuer.isBlank() ? DEFAULT_ISSUER : issuer);
    }

    byte[] keyBytes() {
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "JwtSettings[secret=<hidden>, issuer=" + issuer + "]";
    }
}
