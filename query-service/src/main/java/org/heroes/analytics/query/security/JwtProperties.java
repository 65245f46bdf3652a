package org.heroes.analytics.query.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.heroes.analytics.auth.JwtSettings;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How facilitator tokens are checked ({@code heroes.jwt.*}).
 *
 * @param secret the HS256 key shared with whoever mints tokens ({@code HEROES_JWT_SECRET}); at least 32 characters,
 *     never defaulted
 * @param issuer the {@code iss} every token must carry ({@code HEROES_JWT_ISSUER}, {@code heroes-local} by default)
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
