package org.heroes.analytics.query.security;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The dashboard's one-click sign-in, for a laptop demo only: in the {@code local} profile, {@code GET /demo/token} hands
 * a client on this machine's loopback the demo facilitator's token from {@code heroes.query.demo.token-file}
 * ({@link DemoTokenController}). The service mints nothing: it holds the issuer's public keys only (ADR 0023). In every
 * other profile neither the endpoint nor its open path exists ({@code /demo/**} falls to "deny everything else").
 */
@Configuration(proxyBeanMethods = false)
@Profile(DemoSignIn.PROFILE)
@EnableConfigurationProperties(DemoProperties.class)
class DemoSignIn {

    static final String PROFILE = "local";

    /** Ahead of the API's chain: the demo path needs no token (there is nothing to sign in with yet). */
    @Bean
    @Order(0)
    SecurityFilterChain demoSignInPath(HttpSecurity http) throws Exception {
        return http.securityMatcher("/demo/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .build();
    }
}
