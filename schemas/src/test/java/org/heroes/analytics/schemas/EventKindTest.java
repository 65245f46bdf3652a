package org.heroes.analytics.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecordBase;
import org.heroes.analytics.schemas.avro.FeedbackEvent;
import org.junit.jupiter.api.Test;

class EventKindTest {

    @Test
    void everyRecordSchemaOfTheModuleIsDeclaredAsExactlyOneKind() throws IOException {
        List<String> schemas;
        try (Stream<Path> files = Files.list(Path.of("src/main/avro"))) {
            schemas = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".avsc"))
                    .map(name -> name.substring(0, name.length() - ".avsc".length()))
                    .filter(name -> new Schema.Parser()
                                    .parse(readUnchecked(Path.of("src/main/avro", name + ".avsc")))
                                    .getType()
                            == Schema.Type.RECORD)
                    .toList();
        }

        assertThat(Arrays.stream(EventKind.values()).map(k -> k.schema().getName()))
                .as("one EventKind per record schema under src/main/avro")
                .containsExactlyInAnyOrderElementsOf(schemas)
                .doesNotHaveDuplicates();
    }

    @Test
    void everyKindHasAPublishedHistoryAndAUniqueName() {
        SchemaHistory history = SchemaHistory.load();
        for (EventKind kind : EventKind.values()) {
            assertThat(history.versionsOf(kind.schema().getName()))
                    .as("published versions of " + kind)
                    .isNotEmpty();
            assertThat(EventKind.byName(kind.kindName())).contains(kind);
            assertThat(kind.recordClass().getSimpleName())
                    .isEqualTo(kind.schema().getName());
        }
    }

    @Test
    void eventsGoOnTheirOwnTopicsAndRosterRecordsOnTheCompactedRoster() {
        for (EventKind kind : EventKind.values()) {
            switch (kind.family()) {
                case EVENT ->
                    assertThat(kind.topic().compacted())
                            .as(kind + " expires on a time-windowed topic")
                            .isFalse();
                case ROSTER -> assertThat(kind.topic()).as(kind.name()).isEqualTo(Topic.ROSTER);
            }
        }
    }

    @Test
    void anEventIsKeyedByItsClassroomAndNamesItsStudent() {
        FeedbackEvent feedback = FeedbackEvent.newBuilder()
                .setEventId("e")
                .setClassroomId("c")
                .setOccurredAt(java.time.Instant.EPOCH)
                .setStudentId("s")
                .setLessonId(1)
                .setFeedbackType("t")
                .setRating(3)
                .build();

        EventKind kind = EventKind.of(feedback);

        assertThat(kind).isEqualTo(EventKind.FEEDBACK);
        assertThat(kind.key(feedback)).isEqualTo("c");
        assertThat(EventKind.of(feedback).key(feedback)).isEqualTo("c");
        assertThat(kind.studentId(feedback)).contains("s");
        assertThat(kind.classroomId(feedback)).contains("c");
        assertThat(kind.eventId(feedback)).isEqualTo("e");
    }

    @Test
    void aRecordOfNoDeclaredKindIsRefusedNotMapped() {
        SpecificRecordBase stranger = new SpecificRecordBase() {
            @Override
            public Schema getSchema() {
                return Schema.createRecord("Stranger", null, "org.example", false, List.of());
            }

            @Override
            public Object get(int field) {
                return null;
            }

            @Override
            public void put(int field, Object value) {}
        };

        assertThatThrownBy(() -> EventKind.of(stranger))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("org.example.Stranger");
        assertThatThrownBy(() -> EventKind.of(stranger).topic()).isInstanceOf(IllegalArgumentException.class);
    }

    private static String readUnchecked(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
