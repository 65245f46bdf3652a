package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * What an operator watches of the aggregator, against the real infrastructure: the Prometheus names of its own
 * meters, the Hikari pool's and PgBouncer's; a readiness made of the database and Kafka; a failed statement in the
 * log with its SQL, its parameters' shapes and without the facilitator's address.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(
        properties = {
            // the names of the readiness group's members (the services themselves never show them)
            "management.endpoint.health.group.readiness.show-components=always",
            "aggregator.pgbouncer-metrics.interval=500ms"
        })
class ObservabilityIT extends AggregatorIntegrationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    DataSource dataSource;

    @LocalServerPort
    int port;

    @Test
    void prometheusShowsTheAggregatorsPoolAndPgBouncerMeters() {
        await("PgBouncer's pools read at least once")
                .atMost(Duration.ofSeconds(20))
                .until(() -> get("/actuator/prometheus").body(), body -> body.contains("pgbouncer_exporter_up 1.0"));
        get("/actuator/health");

        String body = get("/actuator/prometheus").body();

        assertThat(body)
                .contains("aggregator_records_total")
                .contains("aggregator_batches_total")
                .contains("aggregator_batch_commit_seconds")
                .contains("aggregator_dead_letters_total")
                .contains("aggregator_events_held_total{kind=\"progress\"}")
                .contains("aggregator_events_released_total{outcome=\"applied\"}")
                .contains("aggregator_events_refused_total{kind=\"feedback\"}")
                .contains("aggregator_events_pending ")
                .contains("aggregator_events_pending_age_seconds ")
                .contains("hikaricp_connections_active{pool=\"aggregator-writer\"}")
                .contains("hikaricp_connections_pending{pool=\"aggregator-writer\"}")
                .contains("pgbouncer_pools_client_waiting{database=\"heroes_in_waiting\",user=\"heroes_writer\"}")
                .contains("pgbouncer_pools_server_active{database=\"heroes_in_waiting\",user=\"heroes_writer\"}")
                .contains("pgbouncer_pools_client_maxwait_seconds{")
                .contains("pgbouncer_stats_avg_query_time_seconds{database=\"heroes_in_waiting\"}")
                .contains("pgbouncer_stats_avg_wait_time_seconds{database=\"heroes_in_waiting\"}")
                .contains("jvm_memory_used_bytes")
                .contains("http_server_requests_seconds_count");
    }

    @Test
    void readinessIsTheDatabaseAndKafka() {
        HttpResponse<String> readiness = get("/actuator/health/readiness");

        assertThat(readiness.statusCode()).isEqualTo(200);
        assertThat(readiness.body())
                .contains("\"status\":\"UP\"")
                .contains("\"db\":")
                .contains("\"kafka\":")
                .contains("\"readinessState\":")
                .doesNotContain("clusterId"); // details are never shown
    }

    @Test
    void aFailedStatementIsLoggedWithItsSqlAndNoAddress(CapturedOutput output) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);

        assertThatThrownBy(() -> jdbc.update(
                        "UPDATE facilitators SET email = ? WHERE id = ?::uuid",
                        "ann.lee@school.example.org",
                        "no-uuid"))
                .isInstanceOf(DataAccessException.class);

        assertThat(output.getOut())
                .contains("statement failed after ")
                .contains(
                        "sql: UPDATE facilitators SET email = ? WHERE id = ?::uuid; parameters: [(1=text[26], 2=text[7])]")
                .doesNotContain("ann.lee@school.example.org");
    }

    private HttpResponse<String> get(String path) {
        try {
            return HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
