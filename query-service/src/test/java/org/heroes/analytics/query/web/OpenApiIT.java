package org.heroes.analytics.query.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.query.QueryClient;
import org.heroes.analytics.query.QueryIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The service describes its API (springdoc), openly, and the description names every endpoint of contract §4. */
@SpringBootTest(
        classes = QueryApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=query-service")
class OpenApiIT extends QueryIntegrationTest {

    @LocalServerPort
    int port;

    @Test
    void openApiDescriptionNamesEveryEndpointAndTheBearerScheme() {
        HttpResponse<String> response = new QueryClient(port).get("/v3/api-docs", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode description = QueryClient.json(response);
        assertThat(description.get("paths").propertyNames())
                .contains(
                        "/v1/classrooms",
                        "/v1/classrooms/{classroomId}/analytics",
                        "/v1/classrooms/{classroomId}/analytics/timeseries",
                        "/v1/classrooms/{classroomId}/progress",
                        "/v1/classrooms/{classroomId}/feedback");
        assertThat(description
                        .at("/components/securitySchemes/facilitatorToken/scheme")
                        .asString())
                .isEqualTo("bearer");
    }

    @Test
    void swaggerUiIsServedFromTheJar() {
        QueryClient client = new QueryClient(port);
        HttpResponse<String> page = client.get("/swagger-ui/index.html", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }
}
