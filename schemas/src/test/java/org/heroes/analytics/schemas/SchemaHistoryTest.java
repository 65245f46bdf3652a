package org.heroes.analytics.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.apache.avro.Schema;
import org.heroes.analytics.schemas.SchemaHistory.Version;
import org.heroes.analytics.schemas.avro.AnalyticsEvent;
import org.junit.jupiter.api.Test;

class SchemaHistoryTest {

    private final SchemaHistory history = SchemaHistory.load();

    @Test
    void everyCurrentSchemaIsItsNewestPublishedVersion() {
        for (Schema current : SchemaHistory.CURRENT) {
            List<Version> versions = history.versionsOf(current.getName());
            assertThat(versions)
                    .as("published versions of %s", current.getName())
                    .isNotEmpty();
            Version newest = versions.get(versions.size() - 1);
            assertThat(newest.fingerprint())
                    .as(
                            "%s: src/main/avro and avro/history/%s/v%d.avsc differ; publish the change as a new version",
                            current.getName(), current.getName(), newest.version())
                    .isEqualTo(SchemaHistory.fingerprintOf(current));
        }
    }

    @Test
    void everyNewestSchemaReadsEveryOlderVersion() {
        for (Schema current : SchemaHistory.CURRENT) {
            List<Schema> published = history.versionsOf(current.getName()).stream()
                    .map(Version::schema)
                    .toList();
            assertThat(SchemaEvolution.incompatibilities(current, published))
                    .as("%s cannot read an older version", current.getName())
                    .isEmpty();
        }
    }

    @Test
    void evolutionCheckRejectsAnIncompatibleChange() throws IOException {
        Schema incompatible = parse("evolution/AnalyticsEvent-incompatible.avsc");

        List<String> problems =
                SchemaEvolution.incompatibilities(incompatible, List.of(AnalyticsEvent.getClassSchema()));

        assertThat(problems).singleElement().asString().contains("deviceId").contains("eventValue");
    }

    @Test
    void evolutionCheckAcceptsANewOptionalField() throws IOException {
        Schema v2 = parse("evolution/AnalyticsEvent-v2-compatible.avsc");

        assertThat(SchemaEvolution.incompatibilities(v2, List.of(AnalyticsEvent.getClassSchema())))
                .isEmpty();
    }

    @Test
    void everyVersionHasADistinctFingerprint() {
        long distinct = SchemaHistory.CURRENT.stream()
                .flatMap(s -> history.versionsOf(s.getName()).stream())
                .map(Version::fingerprint)
                .distinct()
                .count();
        long all = SchemaHistory.CURRENT.stream()
                .mapToLong(s -> history.versionsOf(s.getName()).size())
                .sum();
        assertThat(distinct).isEqualTo(all);
    }

    static Schema parse(String resource) throws IOException {
        try (InputStream in = SchemaHistoryTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new Schema.Parser().parse(in);
        }
    }
}
