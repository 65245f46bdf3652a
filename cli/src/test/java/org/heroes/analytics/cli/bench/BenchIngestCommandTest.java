package org.heroes.analytics.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.heroes.analytics.schemas.ProducerSettings;
import org.junit.jupiter.api.Test;

class BenchIngestCommandTest {

    @Test
    void theRawProducerHasIngestsDefaultBatchingWhenTheEnvironmentSetsNone() {
        assertThat(BenchIngestCommand.ingestSettings(Map.of()))
                .isEqualTo(new ProducerSettings(
                        Duration.ofSeconds(10), Duration.ofSeconds(10), "lz4", Duration.ofMillis(5), 64 * 1024));
    }

    @Test
    void theRawProducerTakesIngestsBatchingFromTheSameEnvironmentVariablesInTheSameFormat() {
        ProducerSettings settings = BenchIngestCommand.ingestSettings(Map.of(
                "HEROES_INGEST_KAFKA_COMPRESSION", "none",
                "HEROES_INGEST_KAFKA_LINGER", "20ms",
                "HEROES_INGEST_KAFKA_BATCH_SIZE", "256KB"));

        assertThat(settings.compression()).isEqualTo("none");
        assertThat(settings.linger()).isEqualTo(Duration.ofMillis(20));
        assertThat(settings.batchBytes()).isEqualTo(256 * 1024);
    }
}
