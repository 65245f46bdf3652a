package org.heroes.analytics.ingest.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.BufferExhaustedException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
import org.springframework.util.unit.DataSize;

class RecordPublisherTest {

    static final EventCodec CODEC = EventCodec.create();
    static final StudentRecord STUDENT = new StudentRecord(
            "0b6d3c1e-8f7a-4c2b-9d5e-1a2b3c4d5e6f",
            Instant.parse("2026-11-26T09:00:00Z"),
            "c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f",
            "5f0c2a9e-3b1d-4e8f-a7c6-9d8e7f6a5b4c",
            "blue-fox-7",
            true);

    @SuppressWarnings("unchecked")
    final KafkaTemplate<String, byte[]> template = mock(KafkaTemplate.class);

    final RecordPublisher publisher = new RecordPublisher(
            template,
            CODEC,
            new IngestKafkaProperties(Duration.ofMillis(200), "lz4", Duration.ofMillis(5), DataSize.ofKilobytes(64)),
            new SimpleMeterRegistry());

    @Test
    void recordIsSentToItsTopicUnderItsKeyInSingleObjectEncoding() {
        when(template.send(anyMessage())).thenReturn(CompletableFuture.completedFuture(new SendResult<>(null, null)));

        publisher.publish(List.of(STUDENT));

        verify(template)
                .send(argThat(
                        (ProducerRecord<String, byte[]> sent) -> sent.topic().equals("heroes.roster.v1")
                                && sent.key().equals(STUDENT.getStudentId())
                                && Arrays.equals(sent.value(), CODEC.encode(STUDENT))));
    }

    @Test
    void batchNotAcknowledgedInTimeFailsRetriably() {
        when(template.send(anyMessage())).thenReturn(new CompletableFuture<>());

        assertThatThrownBy(() -> publisher.publish(List.of(STUDENT)))
                .isInstanceOfSatisfying(
                        PublishFailedException.class,
                        e -> assertThat(e.retriable()).isTrue())
                .hasMessageContaining("did not acknowledge");
    }

    @Test
    void oneSendTimingOutFailsTheWholeBatchRetriably() {
        when(template.send(anyMessage()))
                .thenReturn(CompletableFuture.completedFuture(new SendResult<>(null, null)))
                .thenReturn(CompletableFuture.failedFuture(new TimeoutException("expired")));

        assertThatThrownBy(() -> publisher.publish(List.of(STUDENT, STUDENT)))
                .isInstanceOfSatisfying(
                        PublishFailedException.class,
                        e -> assertThat(e.retriable()).isTrue());
    }

    @Test
    void recordKafkaRefusesForGoodFailsNonRetriably() {
        when(template.send(anyMessage()))
                .thenReturn(CompletableFuture.failedFuture(new RecordTooLargeException("too large")));

        assertThatThrownBy(() -> publisher.publish(List.of(STUDENT)))
                .isInstanceOfSatisfying(
                        PublishFailedException.class,
                        e -> assertThat(e.retriable()).isFalse());
    }

    @Test
    void producerTimeoutsFitInsideTheAcknowledgementDeadline() {
        var overrides = new IngestKafkaProperties(
                        Duration.ofSeconds(10), "zstd", Duration.ofMillis(5), DataSize.ofKilobytes(64))
                .producerSettings()
                .configs();

        assertThat(overrides)
                .containsEntry("acks", "all")
                .containsEntry("enable.idempotence", true)
                .containsEntry("compression.type", "zstd")
                .containsEntry("linger.ms", 5)
                .containsEntry("batch.size", 65536)
                .containsEntry("delivery.timeout.ms", 10_000)
                .containsEntry("request.timeout.ms", 4_997)
                .containsEntry("max.block.ms", 1_000L);
    }

    @Test
    void aSendRefusedAtOnceEndsTheRequestWithoutSendingTheRest() {
        when(template.send(anyMessage()))
                .thenReturn(CompletableFuture.failedFuture(new BufferExhaustedException("no memory in time")));

        assertThatThrownBy(() -> publisher.publish(List.of(STUDENT, STUDENT, STUDENT)))
                .isInstanceOfSatisfying(
                        PublishFailedException.class,
                        e -> assertThat(e.retriable()).isTrue());
        verify(template, times(1)).send(anyMessage());
    }

    @SuppressWarnings("unchecked")
    private static ProducerRecord<String, byte[]> anyMessage() {
        return any(ProducerRecord.class);
    }
}
