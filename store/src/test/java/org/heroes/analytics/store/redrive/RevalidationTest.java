package org.heroes.analytics.store.redrive;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.schemas.DeadLetterHeaders;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.junit.jupiter.api.Test;

class RevalidationTest {

    private static final EventCodec CODEC = EventCodec.create();
    private static final String CLASSROOM = "0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c";
    private static final String EVENT = "7d1f1b0e-8c8a-4c53-9d1e-1d2f3a4b5c6d";

    private final Revalidation revalidation = new Revalidation(CODEC);

    @Test
    void aValidRecordPassesAndGoesBackToTheTopicItsHeaderNames() {
        AnalyticsEvent event = analytics("navigation");

        Verdict verdict = revalidation.check(deadLetter(Topic.ANALYTICS.topicName(), CODEC.encode(event)));

        assertThat(verdict).isEqualTo(new Verdict.Passes(Topic.ANALYTICS.topicName(), event));
    }

    @Test
    void anInvalidRecordFailsWithTheRulesReasonAndItsEventId() {
        Verdict verdict =
                revalidation.check(deadLetter(Topic.ANALYTICS.topicName(), CODEC.encode(analytics("Not Valid"))));

        assertThat(verdict).isEqualTo(new Verdict.Fails("eventCategory: must match [a-z0-9_.-]{1,64}", EVENT));
    }

    @Test
    void aRecordOfAnotherKindsTopicFails() {
        ProgressEvent progress = ProgressEvent.newBuilder()
                .setEventId(EVENT)
                .setClassroomId(CLASSROOM)
                .setOccurredAt(Instant.parse("2026-11-26T09:00:00Z"))
                .setStudentId(CLASSROOM)
                .setLessonId(3)
                .setCompletionStatus(CompletionStatus.completed)
                .build();

        Verdict verdict = revalidation.check(deadLetter(Topic.ANALYTICS.topicName(), CODEC.encode(progress)));

        assertThat(verdict)
                .isEqualTo(new Verdict.Fails(
                        "ProgressEvent belongs on heroes.student-progress.v1, not on heroes.analytics-events.v1",
                        EVENT));
    }

    @Test
    void undecodableBytesFailWithoutAnEventId() {
        Verdict verdict = revalidation.check(
                deadLetter(Topic.ANALYTICS.topicName(), "garbage bytes!".getBytes(StandardCharsets.UTF_8)));

        assertThat(verdict).isInstanceOf(Verdict.Fails.class);
        assertThat(((Verdict.Fails) verdict).reason()).contains("single-object marker");
        assertThat(((Verdict.Fails) verdict).eventId()).isNull();
    }

    @Test
    void aDeadLetterWithoutASourceTopicOfThisSystemStays() {
        byte[] valid = CODEC.encode(analytics("navigation"));

        assertThat(revalidation.check(deadLetter(null, valid)))
                .isEqualTo(new Verdict.Fails("no kafka_dlt-original-topic header", null));
        assertThat(revalidation.check(deadLetter("some.other.topic", valid)))
                .isEqualTo(new Verdict.Fails("source topic some.other.topic is not a topic of this system", null));
    }

    @Test
    void theOriginalPositionIsReadFromSpringsBinaryHeaders() {
        ConsumerRecord<byte[], byte[]> letter = deadLetter(Topic.ANALYTICS.topicName(), new byte[0]);
        letter.headers()
                .add(
                        "kafka_dlt-original-partition",
                        ByteBuffer.allocate(4).putInt(2).array());
        letter.headers()
                .add(
                        "kafka_dlt-original-offset",
                        ByteBuffer.allocate(8).putLong(1234L).array());

        assertThat(DeadLetterOrigin.of(letter.headers()).originalPosition())
                .isEqualTo("heroes.analytics-events.v1-2@1234");
        assertThat(DeadLetterHeaders.addedOnTheWay("kafka_dlt-exception-message"))
                .isTrue();
        assertThat(DeadLetterHeaders.addedOnTheWay("traceparent")).isFalse();
    }

    static ConsumerRecord<byte[], byte[]> deadLetter(String sourceTopic, byte[] value) {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(
                Topic.ANALYTICS.deadLetterTopicName(), 0, 7L, CLASSROOM.getBytes(StandardCharsets.UTF_8), value);
        if (sourceTopic != null) {
            record.headers().add("kafka_dlt-original-topic", sourceTopic.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }

    private static AnalyticsEvent analytics(String category) {
        return AnalyticsEvent.newBuilder()
                .setEventId(EVENT)
                .setClassroomId(CLASSROOM)
                .setOccurredAt(Instant.parse("2026-11-26T09:00:00Z"))
                .setEventType("lesson_opened")
                .setEventCategory(category)
                .build();
    }
}
