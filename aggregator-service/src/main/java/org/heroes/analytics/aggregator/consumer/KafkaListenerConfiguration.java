package org.heroes.analytics.aggregator.consumer;

import java.util.Map;
import org.heroes.analytics.store.batch.RetryProperties;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties.AckMode;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * The listener container: batch listener, {@code aggregator.batch.concurrency} consumers that seek to
 * the offsets stored in the database when partitions are assigned, Kafka offsets acknowledged by the
 * listener after the database commit (AckMode.MANUAL; advisory only), and an error handler that
 * retries a failed batch with exponential back-off and never skips it.
 */
@Configuration(proxyBeanMethods = false)
class KafkaListenerConfiguration {

    /**
     * Refuses to "recover" (skip) a batch whose retries are spent. The error handler then seeks the
     * batch back instead of committing it, and the next poll starts a new retry cycle. Bad records
     * never get here: the listener dead-letters them itself, so what fails here is the database or
     * Kafka, and skipping would lose valid data.
     */
    static final ConsumerRecordRecoverer NEVER_SKIP = (record, failure) -> {
        throw new IllegalStateException(
                "retries of the batch at %s-%d@%d spent; not skipping it, it will be retried"
                        .formatted(record.topic(), record.partition(), record.offset()),
                failure);
    };

    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> kafkaListenerContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer,
            ConsumerFactory<Object, Object> consumerFactory,
            BatchProperties batch,
            RetryProperties retry,
            StoredOffsetSeeker seeker) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumerFactory);
        factory.setBatchListener(true);
        factory.setConcurrency(batch.concurrency());
        // Kafka's committed offsets are advisory (monitoring, and a start for partitions never stored):
        // acknowledged by the listener only after the database commit, so never past the stored ones.
        factory.getContainerProperties().setAckMode(AckMode.MANUAL);
        factory.getContainerProperties().setConsumerRebalanceListener(seeker);
        // Stopping (SIGTERM closes the context) takes effect between batches: the batch in hand is committed with
        // its offsets or rolled back without them, never cut short; a back-off between retries is cut short.
        factory.getContainerProperties()
                .setShutdownTimeout(batch.shutdownTimeout().toMillis());
        factory.setCommonErrorHandler(errorHandler(retry));
        return factory;
    }

    static DefaultErrorHandler errorHandler(RetryProperties retry) {
        var backOff = new ExponentialBackOffWithMaxRetries(retry.maxAttempts() - 1);
        backOff.setInitialInterval(retry.initialInterval().toMillis());
        backOff.setMultiplier(retry.multiplier());
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        var handler = new DefaultErrorHandler(NEVER_SKIP, backOff);
        // Every failure that reaches the handler is worth a back-off: none of Spring's default
        // "not retryable" types (deserialization, conversion) can occur with byte[] values, and
        // treating any as not retryable would send it straight to NEVER_SKIP, i.e. a tight
        // redelivery loop without back-off.
        handler.setClassifications(Map.of(), true);
        return handler;
    }
}
