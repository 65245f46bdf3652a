package org.heroes.analytics.store.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.heroes.analytics.schemas.DeadLetterHeaders;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.UndecodableRecordException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

class DeadLetterRecordsTest {

    private final DeadLetterRecords records = new DeadLetterRecords("heroes-aggregator");

    @Test
    void deadLetterGoesToTheSourceTopicsDltWithSameKeyValueAndOriginalHeaders() {
        byte[] payload = {1, 2, 3};
        var headers = new RecordHeaders().add("traceparent", "00-abc".getBytes(StandardCharsets.UTF_8));
        var source = new ConsumerRecord<>(
                Topic.FEEDBACK.topicName(),
                2,
                41L,
                1_700_000_000_000L,
                TimestampType.CREATE_TIME,
                3,
                3,
                "classroom-key",
                payload,
                headers,
                Optional.empty());

        ProducerRecord<String, byte[]> letter =
                records.toProducerRecord(DeadLetter.of(source, new UndecodableRecordException("bad marker")));

        assertThat(letter.topic()).isEqualTo("heroes.student-feedback.v1-dlt");
        assertThat(letter.partition()).as("left to the partitioner").isNull();
        assertThat(letter.key()).isEqualTo("classroom-key");
        assertThat(letter.value()).isSameAs(payload);
        assertThat(text(letter, "traceparent")).isEqualTo("00-abc");
        assertThat(text(letter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("heroes.student-feedback.v1");
        assertThat(ByteBuffer.wrap(bytes(letter, KafkaHeaders.DLT_ORIGINAL_PARTITION))
                        .getInt())
                .isEqualTo(2);
        assertThat(ByteBuffer.wrap(bytes(letter, KafkaHeaders.DLT_ORIGINAL_OFFSET))
                        .getLong())
                .isEqualTo(41L);
        assertThat(ByteBuffer.wrap(bytes(letter, KafkaHeaders.DLT_ORIGINAL_TIMESTAMP))
                        .getLong())
                .isEqualTo(1_700_000_000_000L);
        assertThat(text(letter, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP)).isEqualTo("heroes-aggregator");
        assertThat(text(letter, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo(UndecodableRecordException.class.getName());
        assertThat(text(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isEqualTo("bad marker");
    }

    @Test
    void theContractsHeaderNamesAreSpringKafkasOwn() {
        assertThat(List.of(
                        DeadLetterHeaders.ORIGINAL_TOPIC,
                        DeadLetterHeaders.ORIGINAL_PARTITION,
                        DeadLetterHeaders.ORIGINAL_OFFSET,
                        DeadLetterHeaders.ORIGINAL_TIMESTAMP,
                        DeadLetterHeaders.ORIGINAL_TIMESTAMP_TYPE,
                        DeadLetterHeaders.ORIGINAL_CONSUMER_GROUP,
                        DeadLetterHeaders.EXCEPTION_FQCN,
                        DeadLetterHeaders.EXCEPTION_MESSAGE))
                .containsExactly(
                        KafkaHeaders.DLT_ORIGINAL_TOPIC,
                        KafkaHeaders.DLT_ORIGINAL_PARTITION,
                        KafkaHeaders.DLT_ORIGINAL_OFFSET,
                        KafkaHeaders.DLT_ORIGINAL_TIMESTAMP,
                        KafkaHeaders.DLT_ORIGINAL_TIMESTAMP_TYPE,
                        KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP,
                        KafkaHeaders.DLT_EXCEPTION_FQCN,
                        KafkaHeaders.DLT_EXCEPTION_MESSAGE);
    }

    @Test
    void overlongReasonIsCut() {
        var source = new ConsumerRecord<String, byte[]>(Topic.ROSTER.topicName(), 0, 0L, "k", new byte[0]);

        var letter = records.toProducerRecord(new DeadLetter(source, "x.Y", "r".repeat(10_000)));

        assertThat(text(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).hasSize(DeadLetterRecords.MAX_REASON_LENGTH + 1);
        assertThat(letter.topic()).isEqualTo(Topic.ROSTER.deadLetterTopicName());
    }

    private static byte[] bytes(ProducerRecord<?, ?> record, String header) {
        return record.headers().lastHeader(header).value();
    }

    private static String text(ProducerRecord<?, ?> record, String header) {
        return new String(bytes(record, header), StandardCharsets.UTF_8);
    }
}
