package org.heroes.analytics.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SchemaHistory#load(Path)}: the operator's folder of writer schemas not yet published. */
class ExtraSchemasTest {

    @TempDir
    Path dir;

    @Test
    void aRecordOfAnUnpublishedVersionIsReadOnceItsSchemaIsInTheExtraFolder() throws IOException {
        Schema v2 = SchemaHistoryTest.parse("evolution/AnalyticsEvent-v2-compatible.avsc");
        byte[] bytes = writtenWith(v2);
        assertThatThrownBy(() -> EventCodec.create().decode(bytes))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown schema fingerprint");

        Files.writeString(dir.resolve("AnalyticsEvent-v2.avsc"), v2.toString(true));
        Files.writeString(dir.resolve("README.txt"), "not a schema, ignored");
        SchemaHistory history = SchemaHistory.load(dir);

        assertThat(new EventCodec(history).decode(bytes)).isInstanceOf(AnalyticsEvent.class);
        assertThat(history.versionsOf("AnalyticsEvent"))
                .hasSize(SchemaHistory.load().versionsOf("AnalyticsEvent").size() + 1);
    }

    @Test
    void aSchemaThatWasPublishedSinceIsSkipped() throws IOException {
        Files.writeString(
                dir.resolve("current.avsc"), AnalyticsEvent.getClassSchema().toString());

        assertThat(SchemaHistory.load(dir).versionsOf("AnalyticsEvent"))
                .hasSameSizeAs(SchemaHistory.load().versionsOf("AnalyticsEvent"));
    }

    @Test
    void aSchemaTheNewestCannotReadIsRefused() throws IOException {
        // a writer without eventCategory: the newest schema requires it and has no default
        Files.writeString(dir.resolve("bad.avsc"), """
                {"type": "record", "name": "AnalyticsEvent", "namespace": "org.heroes.analytics.schemas.avro",
                 "fields": [
                   {"name": "eventId", "type": "string"},
                   {"name": "classroomId", "type": "string"},
                   {"name": "occurredAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
                   {"name": "eventType", "type": "string"}
                 ]}
                """);

        assertThatThrownBy(() -> SchemaHistory.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.avsc")
                .hasMessageContaining("cannot be read by the newest AnalyticsEvent");
    }

    @Test
    void aSchemaOfAnotherRecordIsRefused() throws IOException {
        Files.writeString(dir.resolve("other.avsc"), """
                {"type": "record", "name": "Other", "namespace": "x", "fields": []}
                """);

        assertThatThrownBy(() -> SchemaHistory.load(dir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("x.Other, not a version of a record of this build");
    }

    @Test
    void aMissingFolderIsRefused() {
        assertThatThrownBy(() -> SchemaHistory.load(dir.resolve("nowhere")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a readable directory");
    }

    private static byte[] writtenWith(Schema schema) throws IOException {
        GenericRecord written = new GenericData.Record(schema);
        written.put("eventId", "7d1f1b0e-8c8a-4c53-9d1e-1d2f3a4b5c6d");
        written.put("classroomId", "0b6d2a5e-1f7c-4a8e-9b3d-2c1e0f9a8b7c");
        written.put("occurredAt", Instant.parse("2026-11-26T09:30:00Z").toEpochMilli());
        written.put("eventType", "lesson_opened");
        written.put("eventCategory", "navigation");
        written.put("appVersion", "3.1.0");
        return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), schema)
                .encode(written)
                .array();
    }
}
