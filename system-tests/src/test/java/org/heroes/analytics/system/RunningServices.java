package org.heroes.analytics.system;

import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.heroes.analytics.aggregator.AggregatorApplication;
import org.heroes.analytics.ingest.IngestApplication;
import org.heroes.analytics.query.QueryApplication;
import org.heroes.analytics.testsupport.DbRole;
import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The three services, each started as its own Spring application from its own main-class builder, on
 * random ports, configured only through the HEROES_* variables the local stack uses, and each given only its
 * own database role's credentials (none for ingest), as the stack gives them. The database is migrated first
 * by test-support, as scripts/migrate.sh migrates it before the stack starts the services: none migrates.
 */
final class RunningServices implements AutoCloseable {

    private final List<ConfigurableApplicationContext> contexts = new ArrayList<>();
    private final URI aggregator;
    private final URI ingest;
    private final URI query;
    private final ConfigurableApplicationContext queryContext;

    /**
     * In one JVM the three services share one classpath, so each would see auto-configuration for
     * libraries only another service ships with. This is switched off where a service's own jar
     * would not have it: ingest has no database, query-service no Kafka client (else it would get a Kafka admin and
     * health check on the default localhost:9092, answering 503 where no broker listens there).
     */
    private static final String DATA_SOURCE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    private static final String KAFKA = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration";

    private RunningServices(HeroesInfrastructure infrastructure) {
        infrastructure.migrate();
        this.aggregator =
                baseUri(start(AggregatorApplication.application(), infrastructure.serviceEnvironment(DbRole.WRITER)));
        this.ingest = baseUri(start(IngestApplication.application(), infrastructure.serviceEnvironment(), DATA_SOURCE));
        this.queryContext =
                start(QueryApplication.application(), infrastructure.serviceEnvironment(DbRole.READER), KAFKA);
        this.query = baseUri(queryContext);
    }

    static RunningServices start(HeroesInfrastructure infrastructure) {
        return new RunningServices(infrastructure);
    }

    URI aggregator() {
        return aggregator;
    }

    URI ingest() {
        return ingest;
    }

    URI query() {
        return query;
    }

    /** The names of query-service's beans of {@code type}. */
    List<String> queryBeanNames(Class<?> type) {
        return List.of(queryContext.getBeanNamesForType(type));
    }

    /** Each service's {@code server.address} as its configuration resolved it (null: every interface). */
    List<String> serverAddresses() {
        return contexts.stream()
                .map(c -> c.getEnvironment().getProperty("server.address"))
                .toList();
    }

    /** The JDBC URL of every connection pool the services opened. */
    List<String> poolUrls() {
        return contexts.stream()
                .flatMap(c -> c.getBeansOfType(DataSource.class).values().stream())
                .map(RunningServices::jdbcUrl)
                .toList();
    }

    /** The pool's URL behind the statement log's proxy (module observability wraps every DataSource). */
    private static String jdbcUrl(DataSource dataSource) {
        try {
            return dataSource.unwrap(HikariDataSource.class).getJdbcUrl();
        } catch (SQLException e) {
            throw new IllegalStateException("a DataSource that is not a Hikari pool: " + dataSource, e);
        }
    }

    /**
     * The aggregator alone, configured like the others plus {@code extraArguments} (e.g.
     * {@code --HEROES_EXTRA_SCHEMAS_DIR=...}); the caller closes it.
     */
    static ConfigurableApplicationContext startAggregator(
            HeroesInfrastructure infrastructure, String... extraArguments) {
        infrastructure.migrate();
        List<String> args = arguments(infrastructure.serviceEnvironment(DbRole.WRITER));
        args.addAll(List.of(extraArguments));
        return AggregatorApplication.application().run(args.toArray(String[]::new));
    }

    private ConfigurableApplicationContext start(
            SpringApplicationBuilder builder, Map<String, String> environment, String... notShipped) {
        List<String> args = arguments(environment);
        if (notShipped.length > 0) {
            args.add("--spring.autoconfigure.exclude=" + String.join(",", notShipped));
        }
        ConfigurableApplicationContext context = builder.run(args.toArray(String[]::new));
        contexts.add(context);
        return context;
    }

    private static List<String> arguments(Map<String, String> environment) {
        List<String> args = new ArrayList<>();
        args.add("--server.port=0");
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            args.add("--" + variable.getKey() + "=" + variable.getValue());
        }
        return args;
    }

    private static URI baseUri(ConfigurableApplicationContext context) {
        return URI.create("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
    }

    @Override
    public void close() {
        for (int i = contexts.size() - 1; i >= 0; i--) {
            contexts.get(i).close();
        }
    }
}
