package org.heroes.analytics.query.security;

import java.time.Clock;
import java.time.Duration;
import org.heroes.analytics.auth.JwtProperties;
import org.heroes.analytics.auth.RequestFirewall;
import org.heroes.analytics.auth.TokenClaims;
import org.heroes.analytics.auth.VerifiedTokenCache;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A stateless resource server: every {@code /v1/**} request needs a valid facilitator token with scope {@code
 * analytics:read}; the dashboard page, its assets, the health endpoint and the OpenAPI description are open;
 * everything else is refused.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JwtProperties.class)
class SecurityConfiguration {

    static final String READ_AUTHORITY = "SCOPE_" + TokenClaims.ANALYTICS_READ;

    /** The page's own files only: the dashboard loads nothing from elsewhere and runs no inline script. */
    private static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; frame-ancestors 'none'; form-action 'self'";

    /** Far more than the facilitators signed in at once; each entry is a few kilobytes. */
    static final long MAX_CACHED_TOKENS = 10_000;

    /** A cached token is checked in full again after this long at the latest. */
    static final Duration MAX_CACHED_TOKEN_AGE = Duration.ofMinutes(5);

    /** The full check of {@link FacilitatorTokens} behind a cache of the tokens it accepted (ADR 0017). */
    @Bean
    JwtDecoder facilitatorTokenDecoder(JwtProperties properties) {
        return new VerifiedTokenCache(
                FacilitatorTokens.decoder(properties), MAX_CACHED_TOKENS, MAX_CACHED_TOKEN_AGE, Clock.systemUTC());
    }

    /**
     * No observation of each security filter, nor of authentication and authorization: wrapping every filter of
     * every request cost more CPU than the request's database work. Requests are still timed as a whole
     * ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
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
    SecurityFilterChain queryApi(HttpSecurity http, JwtDecoder facilitatorTokenDecoder) throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/", "/index.html", "/assets/**", "/favicon.ico", "/error")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        // metrics for the scraper, as in ingest: counts and timings, no row of data
                        .requestMatchers(HttpMethod.GET, "/actuator/prometheus")
                        .permitAll()
                        // the OpenAPI description and its viewer (springdoc): no data, only the API's shape
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/v1/**")
                        .hasAuthority(READ_AUTHORITY)
                        .anyRequest()
                        .denyAll())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.decoder(facilitatorTokenDecoder)))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // bearer tokens, no cookies: nothing for a cross-site request to ride on
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .build();
    }
}
