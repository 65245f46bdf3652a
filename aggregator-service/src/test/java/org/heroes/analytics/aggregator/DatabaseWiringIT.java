package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.sql.DataSource;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.jdbc.core.JdbcTemplate;

class DatabaseWiringIT extends AggregatorIntegrationTest {

    @Autowired
    DataSource dataSource;

    @Autowired
    ConfigurableApplicationContext context;

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

    /**
     * Least privilege: the aggregator is given the writer's credentials only (scripts/migrate.sh migrates, as the
     * owner, before it starts), so nothing of the owner reaches its environment, and it runs no Flyway.
     */
    @Test
    void theServiceHoldsNoOwnerCredentialAndRunsNoMigration() {
        String ownerPassword = HeroesInfrastructure.get().password(DbRole.OWNER);
        List<String> owners = new ArrayList<>();
        for (PropertySource<?> source : context.getEnvironment().getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> enumerable) {
                for (String name : enumerable.getPropertyNames()) {
                    if (name.contains("OWNER")
                            || name.startsWith("spring.flyway")
                            || String.valueOf(enumerable.getProperty(name)).contains(ownerPassword)) {
                        owners.add(source.getName() + ": " + name);
                    }
                }
            }
        }

        assertThat(owners)
                .as("the owner's credentials in the aggregator's environment")
                .isEmpty();
        assertThat(context.getEnvironment().getProperty("spring.flyway.password"))
                .isNull();
        assertThat(Arrays.stream(context.getBeanDefinitionNames())
                        .filter(name -> name.toLowerCase(Locale.ROOT).contains("flyway")))
                .as("Flyway beans")
                .isEmpty();
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
