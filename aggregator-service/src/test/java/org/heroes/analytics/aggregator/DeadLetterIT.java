package org.heroes.analytics.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.classroom;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.UndecodableRecordException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;

class DeadLetterIT extends AggregatorIntegrationTest {

    @Test
    void garbagePayloadGoesToTheDeadLetterTopicWithItsOriginAndTheRestOfTheBatchCommits() {
        String classroomId = id();
        byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
        var valid = analytics(classroomId);
        rosterStudentsOf(List.of(valid));
        RecordMetadata sent = sendRaw(Topic.ANALYTICS.topicName(), classroomId, garbage);
        send(valid);

        awaitCount(
                "the valid record after the garbage lands",
                1,
                "SELECT count(*) FROM analytics_events WHERE event_id = ?::uuid",
                valid.getEventId());
        ConsumerRecord<String, byte[]> letter = awaitDeadLetter(Topic.ANALYTICS, classroomId);
        assertThat(letter.value()).isEqualTo(garbage);
        assertThat(text(letter, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo(Topic.ANALYTICS.topicName());
        assertThat(ByteBuffer.wrap(header(letter, KafkaHeaders.DLT_ORIGINAL_PARTITION))
                        .getInt())
                .isEqualTo(sent.partition());
        assertThat(ByteBuffer.wrap(header(letter, KafkaHeaders.DLT_ORIGINAL_OFFSET))
                        .getLong())
                .isEqualTo(sent.offset());
        assertThat(text(letter, KafkaHeaders.DLT_EXCEPTION_FQCN)).isEqualTo(UndecodableRecordException.class.getName());
        assertThat(text(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE)).contains("single-object marker");
    }

    @Test
    void invalidRecordGoesToTheDeadLetterTopicNamingTheField() {
        String classroomId = id();
        var invalid = progress(classroomId, id(), 13, T0);
        var valid = progress(classroomId, id(), 12, T0);
        rosterStudentsOf(List.of(invalid, valid));
        send(invalid);
        send(valid);

        awaitCount(
                "the valid progress lands",
                1,
                "SELECT count(*) FROM student_progress WHERE event_id = ?::uuid",
                valid.getEventId());
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM student_progress WHERE event_id = ?::uuid",
                        Long.class,
                        invalid.getEventId()))
                .isZero();
        ConsumerRecord<String, byte[]> letter = awaitDeadLetter(Topic.PROGRESS, classroomId);
        assertThat(text(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .isEqualTo("lessonId: must be an integer from 1 to 12");
        assertThat(CODEC.decode(letter.value())).isEqualTo(invalid);
    }

    @Test
    void aClassroomWithAnUnknownTimeZoneGoesToTheDeadLetterTopicNamingTimeZone() {
        String facilitatorId = id();
        var invalid = classroom(id(), facilitatorId, T0);
        invalid.setTimeZone("Asia/Mumbai");
        var valid = classroom(id(), facilitatorId, T0);
        valid.setTimeZone("Asia/Kathmandu");
        send(invalid);
        send(valid);

        awaitCount(
                "the valid classroom lands in its zone",
                1,
                "SELECT count(*) FROM classrooms WHERE id = ?::uuid AND time_zone = 'Asia/Kathmandu'",
                valid.getClassroomId());
        ConsumerRecord<String, byte[]> letter = awaitDeadLetter(Topic.ROSTER, invalid.getClassroomId());
        assertThat(text(letter, KafkaHeaders.DLT_EXCEPTION_MESSAGE))
                .isEqualTo("timeZone: must be an IANA time zone id such as UTC or Asia/Kolkata");
        assertThat(db.queryForObject(
                        "SELECT count(*) FROM classrooms WHERE id = ?::uuid", Long.class, invalid.getClassroomId()))
                .isZero();
    }

    private static ConsumerRecord<String, byte[]> awaitDeadLetter(Topic topic, String key) {
        return eventually("a dead letter keyed " + key + " on " + topic.deadLetterTopicName())
                .until(() -> deadLetters(topic, key), letters -> !letters.isEmpty())
                .get(0);
    }

    private static byte[] header(ConsumerRecord<?, ?> record, String name) {
        return record.headers().lastHeader(name).value();
    }

    private static String text(ConsumerRecord<?, ?> record, String name) {
        return new String(header(record, name), StandardCharsets.UTF_8);
    }
}
