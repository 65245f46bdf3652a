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

    /**
     * A test property for the tests that send requests as fast as a script, as one facilitator: a rate-limit burst no
     * test spends, so that they check their answers rather than the limit (which {@code FacilitatorRateLimitIT}
     * checks with the defaults).
     */
    public static final String NO_RATE_LIMIT = "heroes.query.rate-limit.burst=1000000000";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        HeroesInfrastructure infra = HeroesInfrastructure.get();
        infra.migrate();
        infra.registerProperties(registry);
    }
}
