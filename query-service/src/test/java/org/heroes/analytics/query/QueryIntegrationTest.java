package org.heroes.analytics.query;

import org.heroes.analytics.testsupport.HeroesInfrastructure;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every query-service integration test runs against: test-support's real PostgreSQL, PgBouncer and Kafka,
 * migrated, and registered as the service's datasource. Each subclass keeps its own {@code @SpringBootTest} (they
 * differ in properties and profiles); this class only supplies the infrastructure.
 */
public abstract class QueryIntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        HeroesInfrastructure infra = HeroesInfrastructure.get();
        infra.migrate();
        infra.registerProperties(registry);
    }
}
