package org.heroes.analytics.query.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI description springdoc serves at {@code /v3/api-docs} (viewer at {@code /swagger-ui.html}): the
 * endpoints come from the controllers; this adds what they cannot say, the facilitator bearer token.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String FACILITATOR_TOKEN = "facilitatorToken";

    @Bean
    OpenAPI queryApiDescription() {
        return new OpenAPI()
                .info(new Info()
                        .title("Heroes Analytics query API")
                        .version("v1")
                        .description("A facilitator's classrooms and their analytics (DESIGN §4). Every /v1 request"
                                + " needs a facilitator token (aud heroes-query, scope analytics:read); answers"
                                + " carry X-Data-As-Of, the aggregator's watermark: the occurredAt of the newest event"
                                + " counted, never moving back; late events (up to the retention age old) are counted"
                                + " in their own hours when they arrive and leave it where it is, so it never means"
                                + " that every older event has arrived. from/to are ISO-8601 instants,"
                                + " the range is from <= t < to. Day buckets start at the classroom's local"
                                + " midnight; the time series names its zone in X-Time-Zone."))
                .components(new Components()
                        .addSecuritySchemes(
                                FACILITATOR_TOKEN,
                                new SecurityScheme()
                                        .type(SecurityScheme.Type.HTTP)
                                        .scheme("bearer")
                                        .bearerFormat("JWT")))
                .addSecurityItem(new SecurityRequirement().addList(FACILITATOR_TOKEN));
    }
}
