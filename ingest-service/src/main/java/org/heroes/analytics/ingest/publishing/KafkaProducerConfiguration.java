package org.heroes.analytics.ingest.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.heroes.analytics.schemas.EventCodec;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.support.ProducerListener;

/**
 * The producer: Spring's {@code spring.kafka.*} (bootstrap servers, security) with this service's
 * {@link IngestKafkaProperties#producerSettings() producer settings}; string keys, Avro single-object values.
 */
@Configuration(proxyBeanMethods = false)
class KafkaProducerConfiguration {

    @Bean
    ProducerFactory<String, byte[]> ingestProducerFactory(
            KafkaProperties kafka, IngestKafkaProperties ingest, MeterRegistry meters) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.putAll(ingest.producerSettings().configs());
        var factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer());
        // the producer's own meters (kafka_producer_*: sends, errors, request latency, buffer), which Boot adds only
        // to the factory it builds itself
        factory.addListener(new MicrometerProducerListener<>(meters));
        return factory;
    }

    @Bean
    KafkaTemplate<String, byte[]> ingestKafkaTemplate(ProducerFactory<String, byte[]> ingestProducerFactory) {
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(ingestProducerFactory);
        // a failed send is the request's failure, logged once by the web layer, not once per record here
        template.setProducerListener(new ProducerListener<>() {});
        // no timer per record (spring.kafka.template): a meter lookup and a sample on every send cost more than
        // encoding the record; a request's sends are timed as a whole (ingest.kafka.send, RecordPublisher)
        template.setMicrometerEnabled(false);
        return template;
    }

    @Bean
    EventCodec eventCodec() {
        return EventCodec.create();
    }
}
