package org.heroes.analytics.store.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.heroes.analytics.testsupport.TestRecords.T0;
import static org.heroes.analytics.testsupport.TestRecords.analytics;
import static org.heroes.analytics.testsupport.TestRecords.feedback;
import static org.heroes.analytics.testsupport.TestRecords.id;
import static org.heroes.analytics.testsupport.TestRecords.progress;
import static org.heroes.analytics.testsupport.TestRecords.student;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.heroes.analytics.schemas.EventCodec;
import org.heroes.analytics.schemas.EventKind;
import org.heroes.analytics.schemas.Topic;
import org.heroes.analytics.schemas.UndecodableRecordException;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.heroes.analytics.store.deadletter.DeadLetter;
import org.junit.jupiter.api.Test;

class BatchDecoderTest {

    private static final EventCodec CODEC = EventCodec.create();
    private final BatchDecoder decoder = new BatchDecoder(CODEC);
    private long offset;

    @Test
    void validRecordsOfEveryTopicAreAcceptedAndGroupedByKind() {
        var event = analytics(id());
        var step = progress(id(), id(), 12, T0);
        var rating = feedback(id());

        DecodedBatch batch = decoder.decode(List.of(consumed(event), consumed(step), consumed(rating)));

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.toSinkBatch().analytics()).containsExactly(event);
        assertThat(batch.toSinkBatch().progress()).containsExactly(step);
        assertThat(batch.toSinkBatch().feedback()).containsExactly(rating);
    }

    @Test
    void garbagePayloadIsRejectedAsUndecodableWithoutStoppingTheBatch() {
        var event = analytics(id());
        var garbage = new ConsumerRecord<>(
                Topic.ANALYTICS.topicName(), 0, offset++, "key", "not avro at all".getBytes(StandardCharsets.UTF_8));

        DecodedBatch batch = decoder.decode(List.of(garbage, consumed(event)));

        assertThat(batch.accepted()).extracting(DecodedBatch.Accepted::value).containsExactly(event);
        assertThat(batch.rejected()).singleElement().satisfies(letter -> {
            assertThat(letter.source()).isSameAs(garbage);
            assertThat(letter.errorClass()).isEqualTo(UndecodableRecordException.class.getName());
            assertThat(letter.reason()).contains("marker");
        });
    }

    @Test
    void nullPayloadIsRejectedNotThrown() {
        var tombstone = new ConsumerRecord<String, byte[]>(Topic.PROGRESS.topicName(), 1, offset++, "key", null);

        assertThat(decoder.decode(List.of(tombstone)).rejected()).hasSize(1);
    }

    @Test
    void aRosterTombstoneIsAcceptedAsTheDeletionOfTheEntityItsKeyNames() {
        String student = id();
        var tombstone = new ConsumerRecord<String, byte[]>(
                Topic.ROSTER.topicName(), 2, offset++, student.toUpperCase(Locale.ROOT), null);
        var rostered = student(id(), id(), T0);

        DecodedBatch batch = decoder.decode(List.of(consumed(rostered), tombstone));

        assertThat(batch.rejected()).isEmpty();
        assertThat(batch.accepted()).hasSize(2);
        assertThat(batch.toSinkBatch().rosterTombstones())
                .as("the key, canonical")
                .containsExactly(student);
        assertThat(batch.toSinkBatch().students()).containsExactly(rostered);
    }

    @Test
    void aRosterTombstoneWhoseKeyIsNoEntityIdIsRejected() {
        assertThat(reasonFor(new ConsumerRecord<String, byte[]>(Topic.ROSTER.topicName(), 0, offset++, "nobody", null)))
                .isEqualTo("a roster tombstone's key must be an entity id (a UUID)");
        assertThat(reasonFor(new ConsumerRecord<String, byte[]>(Topic.ROSTER.topicName(), 0, offset++, null, null)))
                .isEqualTo("a roster tombstone's key must be an entity id (a UUID)");
    }

    @Test
    void recordOnTheWrongTopicIsRejected() {
        var event = analytics(id());
        var misplaced = new ConsumerRecord<>(Topic.PROGRESS.topicName(), 0, offset++, "k", CODEC.encode(event));

        assertThat(reasonFor(misplaced)).contains("belongs on " + Topic.ANALYTICS.topicName());
    }

    @Test
    void fieldsOutsideTheContractAreRejectedNamingTheField() {
        assertThat(reasonFor(consumed(progress(id(), id(), 13, T0))))
                .isEqualTo("lessonId: must be an integer from 1 to 12");
        assertThat(reasonFor(consumed(ProgressEvent.newBuilder(progress(id(), id(), 1, T0))
                        .setScore(101)
                        .build())))
                .startsWith("score:");
        assertThat(reasonFor(consumed(
                        FeedbackEvent.newBuilder(feedback(id())).setRating(0).build())))
                .startsWith("rating:");
        assertThat(reasonFor(consumed(FeedbackEvent.newBuilder(feedback(id()))
                        .setComment("x".repeat(501))
                        .build())))
                .startsWith("comment:");
        assertThat(reasonFor(consumed(AnalyticsEvent.newBuilder(analytics(id()))
                        .setEventType("Bad Type")
                        .build())))
                .startsWith("eventType:");
        assertThat(reasonFor(consumed(
                        AnalyticsEvent.newBuilder(analytics("not-a-uuid")).build())))
                .isEqualTo("classroomId: must be a UUID");
        assertThat(reasonFor(consumed(AnalyticsEvent.newBuilder(analytics(id()))
                        .setEventValue(Double.NaN)
                        .build())))
                .startsWith("eventValue:");
        assertThat(reasonFor(consumed(AnalyticsEvent.newBuilder(analytics(id()))
                        .setProperties(Map.of("k", "nul\0"))
                        .build())))
                .contains("NUL");
    }

    @Test
    void everyFieldAtFaultIsNamedInOneReason() {
        var event = FeedbackEvent.newBuilder(feedback(id()))
                .setLessonId(0)
                .setRating(6)
                .build();

        assertThat(reasonFor(consumed(event)))
                .isEqualTo("lessonId: must be an integer from 1 to 12; rating: must be an integer from 1 to 5");
    }

    @Test
    void blankRosterTextIsRejected() {
        assertThat(reasonFor(consumed(StudentRecord.newBuilder(student(id(), id(), T0))
                        .setAnonymousId(" ")
                        .build())))
                .isEqualTo("anonymousId: must not be blank");
    }

    private String reasonFor(ConsumerRecord<String, byte[]> record) {
        DecodedBatch batch = decoder.decode(List.of(record));
        assertThat(batch.accepted()).isEmpty();
        return batch.rejected().stream().map(DeadLetter::reason).findFirst().orElseThrow();
    }

    private ConsumerRecord<String, byte[]> consumed(SpecificRecord record) {
        return new ConsumerRecord<>(
                EventKind.of(record).topic().topicName(),
                0,
                offset++,
                EventKind.of(record).key(record),
                CODEC.encode(record));
    }
}
