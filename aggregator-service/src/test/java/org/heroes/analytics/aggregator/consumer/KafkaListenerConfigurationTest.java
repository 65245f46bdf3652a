package org.heroes.analytics.aggregator.consumer;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class KafkaListenerConfigurationTest {

    @Test
    void spentRetriesNeverSkipTheBatch() {
        var record = new ConsumerRecord<>("heroes.roster.v1", 1, 7L, "k", new byte[0]);
        var failure = new IllegalStateException("database down");

        assertThatThrownBy(() -> KafkaListenerConfiguration.NEVER_SKIP.accept(record, failure))
                .hasMessageContaining("heroes.roster.v1-1@7")
                .hasCause(failure);
    }
}
