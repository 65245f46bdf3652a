package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.sql.DataSource;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

class DatabaseWiringIT extends AggregatorIntegrationTest {

    @Autowired
    DataSource dataSource;

    @LocalServerPort
    int port;

    @Test
    void actuatorHealthIsUpOnTheServicePort() throws Exception {
        HttpResponse<String> health = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void flywayRanAtStartAsTheOwnerStraightToPostgres() {
        assertThat(db.queryForList(
                        "SELECT DISTINCT installed_by FROM flyway_schema_history WHERE success", String.class))
                .containsExactly("heroes_owner");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL", Long.class))
                .isGreaterThanOrEqualTo(3);
    }

    @Test
    void theServiceWritesAsHeroesWriterThroughPgBouncerWithoutServerPreparedStatements() throws Exception {
        String url = dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
        String pgBouncerPort = HeroesInfrastructure.get().environment().get("HEROES_PGBOUNCER_PORT");

        assertThat(url).contains(":" + pgBouncerPort + "/heroes_in_waiting").contains("prepareThreshold=0");
        assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT current_user", String.class))
                .isEqualTo("heroes_writer");
        assertThat(new JdbcTemplate(dataSource)
                        .queryForObject(
                                "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user",
                                Boolean.class))
                .isFalse();
    }
}
