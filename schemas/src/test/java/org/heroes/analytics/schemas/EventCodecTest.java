package org.heroes.analytics.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificRecord;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.heroes.analytics.schemas.avro.ClassroomRecord;
import org.heroes.analytics.schemas.avro.CompletionStatus;
import org.heroes.analytics.schemas.avro.ProgressEvent;
import org.heroes.analytics.schemas.avro.StudentRecord;
import org.junit.jupiter.api.Test;

class EventCodecTest {

    private static final Instant AT = Instant.parse("2026-11-26T09:30:00.123Z");

    private final EventCodec codec = EventCodec.create();

    @Test
    void recordsOfEveryKindRoundTrip() {
        List<SpecificRecord> records = List.of(analytics(), progress(), student());

        for (SpecificRecord record : records) {
            assertThat(codec.decode(codec.encode(record))).isEqualTo(record);
        }
    }

    @Test
    void encodingIsAvroSingleObjectWithTheSchemaFingerprint() {
        byte[] bytes = codec.encode(analytics());

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .getLong();
        assertThat(fingerprint).isEqualTo(SchemaHistory.fingerprintOf(AnalyticsEvent.getClassSchema()));
    }

    @Test
    void aWriterSchemaOtherThanTheNewestIsResolvedByFingerprintAndReadIntoTheNewestClass() throws IOException {
        Schema older = SchemaHistoryTest.parse("evolution/AnalyticsEvent-v2-compatible.avsc");
        SchemaHistory history = SchemaHistory.withExtraVersion(older);
        GenericRecord written = new GenericData.Record(older);
        written.put("eventId", "7d1f1b0e-8c8a-4c53-9d1e-1d2f3a4b5c6d");
        written.put("classroomId", "0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c");
        written.put("occurredAt", AT.toEpochMilli());
        written.put("eventType", "lesson_opened");
        written.put("eventCategory", "navigation");
        written.put("eventValue", 2.5);
        written.put("appVersion", "3.1.0");
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older)
                .encode(written)
                .array();

        SpecificRecord read = new EventCodec(history).decode(bytes);

        assertThat(read).isInstanceOf(AnalyticsEvent.class);
        AnalyticsEvent event = (AnalyticsEvent) read;
        assertThat(event.getEventType()).isEqualTo("lesson_opened");
        assertThat(event.getEventValue()).isEqualTo(2.5);
        assertThat(event.getOccurredAt()).isEqualTo(AT);
    }

    @Test
    void aClassroomRecordWrittenBeforeTimeZonesIsReadWithUtc() throws IOException {
        Schema v1 = SchemaHistoryTest.parse("avro/history/ClassroomRecord/v1.avsc");
        GenericRecord written = new GenericData.Record(v1);
        written.put("eventId", "7d1f1b0e-8c8a-4c53-9d1e-1d2f3a4b5c6d");
        written.put("occurredAt", AT.toEpochMilli());
        written.put("classroomId", "0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c");
        written.put("facilitatorId", "5f0c2a9e-3b1d-4e8f-a7c6-9d8e7f6a5b4c");
        written.put("name", "Year 4 Blue");
        written.put("classroomCode", "Y4B-2026");
        written.put("active", true);
        byte[] bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1)
                .encode(written)
                .array();

        SpecificRecord read = codec.decode(bytes);

        assertThat(read).isInstanceOfSatisfying(ClassroomRecord.class, classroom -> {
            assertThat(classroom.getName()).isEqualTo("Year 4 Blue");
            assertThat(classroom.getTimeZone()).isEqualTo("UTC");
        });
    }

    @Test
    void anUnknownFingerprintIsUndecodable() {
        byte[] bytes = codec.encode(analytics());
        bytes[5] ^= 0x5A;

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown schema fingerprint");
    }

    @Test
    void bytesWithoutTheMarkerAreUndecodable() {
        assertThatThrownBy(() -> codec.decode("{\"eventId\":\"x\"}".getBytes()))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("marker");
    }

    @Test
    void aTruncatedBodyIsUndecodable() {
        byte[] bytes = codec.encode(analytics());
        byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 12);

        assertThatThrownBy(() -> codec.decode(truncated)).isInstanceOf(UndecodableRecordException.class);
    }

    @Test
    void trailingBytesAreUndecodable() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(codec.encode(analytics()));
        out.write(new byte[] {1, 2, 3});

        assertThatThrownBy(() -> codec.decode(out.toByteArray()))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("after the record");
    }

    @Test
    void eventsAreKeyedByClassroomAndRosterByEntity() {
        assertThat(EventKind.of(analytics()).key(analytics())).isEqualTo("0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c");
        assertThat(EventKind.of(progress()).topic()).isEqualTo(Topic.PROGRESS);
        assertThat(EventKind.of(student()).topic()).isEqualTo(Topic.ROSTER);
        assertThat(EventKind.of(student()).key(student())).isEqualTo("5e0c7a1b-2d3f-4e5a-8b9c-0d1e2f3a4b5c");
        assertThat(Topic.ROSTER.deadLetterTopicName()).isEqualTo("heroes.roster.v1-dlt");
    }

    @Test
    void aRecordsMessageGoesToItsKindsTopicWithItsKindsKeyAndItsEncoding() {
        var message = codec.message(student());

        assertThat(message.topic()).isEqualTo("heroes.roster.v1");
        assertThat(message.key()).isEqualTo("5e0c7a1b-2d3f-4e5a-8b9c-0d1e2f3a4b5c");
        assertThat(codec.decode(message.value())).isEqualTo(student());
    }

    static AnalyticsEvent analytics() {
        return AnalyticsEvent.newBuilder()
                .setEventId("7d1f1b0e-8c8a-4c53-9d1e-1d2f3a4b5c6d")
                .setClassroomId("0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c")
                .setOccurredAt(AT)
                .setStudentId(null)
                .setEventType("lesson_opened")
                .setEventCategory("navigation")
                .setEventValue(1.5)
                .setProperties(Map.of("screen", "map"))
                .build();
    }

    static ProgressEvent progress() {
        return ProgressEvent.newBuilder()
                .setEventId("1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d")
                .setClassroomId("0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c")
                .setOccurredAt(AT)
                .setStudentId("5e0c7a1b-2d3f-4e5a-8b9c-0d1e2f3a4b5c")
                .setLessonId(3)
                .setCompletionStatus(CompletionStatus.completed)
                .setScore(88)
                .setTimeSpentSeconds(420L)
                .build();
    }

    static StudentRecord student() {
        return StudentRecord.newBuilder()
                .setEventId("9f8e7d6c-5b4a-4938-8271-605f4e3d2c1b")
                .setOccurredAt(AT)
                .setStudentId("5e0c7a1b-2d3f-4e5a-8b9c-0d1e2f3a4b5c")
                .setClassroomId("0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c")
                .setAnonymousId("blue-falcon-17")
                .setActive(true)
                .build();
    }
}
