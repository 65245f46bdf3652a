package org.heroes.analytics.ingest.security;

import jakarta.servlet.DispatcherType;
import java.time.Clock;
import java.time.Duration;
import org.heroes.analytics.auth.Audience;
import org.heroes.analytics.auth.JwtProperties;
import org.heroes.analytics.auth.RequestFirewall;
import org.heroes.analytics.auth.TokenClaims;
import org.heroes.analytics.auth.TokenVerification;
import org.heroes.analytics.auth.VerifiedTokenCache;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Stateless bearer-token security: no sessions, no CSRF (no cookies to forge), 401 for a missing,
 * badly signed, expired or foreign-audience token, 403 for a token without the endpoint's scope; both
 * as problem+json ({@link ProblemResponses}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JwtProperties.class)
@EnableWebSecurity
class SecurityConfiguration {

    private static final String SCOPE = "SCOPE_";

    /** Far more than the client apps and services sending at once; each entry is a few kilobytes. */
    static final long MAX_CACHED_TOKENS = 10_000;

    /** A cached token is checked in full again after this long at the latest. */
    static final Duration MAX_CACHED_TOKEN_AGE = Duration.ofMinutes(5);

    /**
     * The full check behind a cache of the tokens it accepted: a tablet sends the same client token with every batch,
     * and an ES256 verification costs tens of times the HMAC it replaced (ADR 0023).
     */
    @Bean
    JwtDecoder jwtDecoder(JwtProperties jwt) {
        return new VerifiedTokenCache(
                TokenVerification.decoder(jwt, Audience.INGEST),
                MAX_CACHED_TOKENS,
                MAX_CACHED_TOKEN_AGE,
                Clock.systemUTC());
    }

    /**
     * No observation of each security filter, nor of authentication and authorization: wrapping every
     * filter of every request cost more CPU than reading the events. Requests are still timed as a
     * whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * No application event per authentication: nothing listens (no audit repository), and Boot's default
     * publisher built and multicast one for every request. Failures are still answered 401 by the entry point.
     */
    @Bean
    AuthenticationEventPublisher authenticationEventPublisher() {
        return new AuthenticationEventPublisher() {
            @Override
            public void publishAuthenticationSuccess(Authentication authentication) {}

            @Override
            public void publishAuthenticationFailure(
                    AuthenticationException exception, Authentication authentication) {}
        };
    }

    /**
     * Spring Security's strict firewall, its character rules for headers checked without regular expressions: as
     * matched by its patterns, the bearer token's header cost more CPU than the rest of the request (RequestFirewall).
     */
    @Bean
    WebSecurityCustomizer requestFirewall() {
        return web -> web.httpFirewall(RequestFirewall.strict());
    }

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers(
                                HttpMethod.GET,
                                "/actuator/health",
                                "/actuator/health/**",
                                "/actuator/prometheus",
                                "/v3/api-docs",
                                "/v3/api-docs/**",
                                "/swagger-ui.html",
                                "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers(HttpMethod.POST, "/v1/events")
                        .hasAuthority(SCOPE + TokenClaims.EVENTS_WRITE)
                        .requestMatchers(HttpMethod.POST, "/v1/roster")
                        .hasAuthority(SCOPE + TokenClaims.ROSTER_WRITE)
                        .anyRequest()
                        .denyAll())
                .exceptionHandling(errors -> errors.authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults())
                        .authenticationEntryPoint(ProblemResponses.unauthorized())
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .build();
    }
}
