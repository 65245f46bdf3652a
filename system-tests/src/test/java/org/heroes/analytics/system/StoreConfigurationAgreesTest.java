package org.heroes.analytics.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The CLI runs the store library's writer and operations in a context of its own (ADR 0034), configured by
 * {@code cli-store.yml}: every value it sets is the one {@code aggregator-service.yml} sets, so a replay or a rebuild
 * writes as the live aggregator writes, but the pool's name and size.
 */
class StoreConfigurationAgreesTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    /** The properties the CLI's context may set differently: its name and its connection pool's. */
    private static final Set<String> THE_CLIS_OWN = Set.of(
            "spring.application.name",
            "spring.datasource.hikari.pool-name",
            "spring.datasource.hikari.maximum-pool-size");

    @Test
    void everyValueTheClisStoreContextSetsIsTheAggregatorsOwn() {
        Map<String, String> cli = YamlFile.read(REPO.resolve("cli/src/main/resources/cli-store.yml"))
                .scalars();
        Map<String, String> aggregator = YamlFile.read(
                        REPO.resolve("aggregator-service/src/main/resources/aggregator-service.yml"))
                .scalars();
        Map<String, String> differing = new TreeMap<>();
        cli.forEach((property, value) -> {
            if (!THE_CLIS_OWN.contains(property) && !value.equals(aggregator.get(property))) {
                differing.put(property, value + " (the aggregator's: " + aggregator.get(property) + ")");
            }
        });
        assertThat(cli).as("the CLI's store settings").containsKey("spring.datasource.url");
        assertThat(differing)
                .as("properties of cli-store.yml whose value is not aggregator-service.yml's")
                .isEmpty();
    }
}
