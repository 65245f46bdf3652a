package org.heroes.analytics.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The token settings of every service ({@code heroes.jwt.*}), bound and validated at start-up; a service
 * registers it with {@code @EnableConfigurationProperties(JwtProperties.class)}.
 *
 * @param secret the HS256 key ({@code HEROES_JWT_SECRET}); at least 32 characters, never defaulted
 * @param issuer the {@code iss} every token carries ({@code HEROES_JWT_ISSUER}, {@code heroes-local} locally)
 */
@Validated
@ConfigurationProperties("heroes.jwt")
public record JwtProperties(
        @NotBlank @Size(min = JwtSettings.MIN_SECRET_LENGTH) String secret,
        @NotBlank String issuer) {

    public JwtSettings settings() {
        return new JwtSettings(secret, issuer);
    }

    @Override
    public String toString() {
        return "JwtProperties[secret=<hidden>, issuer=" + issuer + "]";
    }
}
