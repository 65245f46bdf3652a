package org.heroes.analytics.query.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.heroes.analytics.ratelimit.CallerRateLimiter;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Applies each facilitator's rate limit to the query API ({@code /v1/**}); the dashboard's files, health, metrics
 * and the API description are not limited. Runs as a Spring MVC interceptor, inside the security filter chain's
 * authentication, which it leaves as it is.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitConfiguration implements WebMvcConfigurer {

    /** Far more facilitators than are signed in at once; an idle one's bucket is dropped once it is full again. */
    static final long MAX_FACILITATORS = 100_000;

    private final FacilitatorRateLimitInterceptor interceptor;

    RateLimitConfiguration(RateLimitProperties properties, MeterRegistry meters) {
        this.interceptor = new FacilitatorRateLimitInterceptor(
                new CallerRateLimiter(properties.limit(), MAX_FACILITATORS),
                Counter.builder("query.rate.limited")
                        .description("Query API requests refused because the facilitator's rate limit was spent")
                        .register(meters));
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).addPathPatterns("/v1/**");
    }
}
