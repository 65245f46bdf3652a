package org.heroes.analytics.ingest.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.heroes.analytics.auth.JwtSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The token settings ({@code heroes.jwt.*}), shared by all services.
 *
 * @param secret the HMAC secret, {@code HEROES_JWT_SECRET}; at least 32 characters, never defaulted
 * @param issuer the expected {@code iss}, {@code HEROES_JWT_ISSUER}
 */
@Validated
@ConfigurationProperties("heroes.jwt")
record JwtProperties(
        @NotBlank @Size(min = JwtSettings.MIN_SECRET_LENGTH) String secret,
        @NotBlank String issuer) {

    JwtSettings settings() {
        return new JwtSettings(secret, issuer);
    }

    @Override
    public String toString() {
        return "JwtProperties[secret=<hidden>, issuer=" + issuer + "]";
    }
}
