package org.heroes.analytics.auth;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The token settings of every service ({@code heroes.jwt.*}), bound and validated at start-up; a service registers it
 * with {@code @EnableConfigurationProperties(JwtProperties.class)}. A service holds public keys only: nothing here can
 * sign a token.
 *
 * @param jwkSet the issuer's public keys ({@code HEROES_JWT_JWK_SET}): the path of a JWK set file, or an {@code https}
 *     URL of one; never defaulted
 * @param issuer the {@code iss} every token carries ({@code HEROES_JWT_ISSUER}, {@code heroes-local} locally)
 */
@Validated
@ConfigurationProperties("heroes.jwt")
public record JwtProperties(
        @NotBlank String jwkSet, @NotBlank String issuer) {}
