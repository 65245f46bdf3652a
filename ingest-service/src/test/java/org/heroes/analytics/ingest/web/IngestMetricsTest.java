package org.heroes.analytics.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.heroes.analytics.eventsjson.Warning;
import org.junit.jupiter.api.Test;

/**
 * Unknown field names are the client's input: counted by name, but only names that look like fields and only the
 * first {@value IngestMetrics#MAX_FIELD_TAGS} of them, so a client sending a fresh name with every event cannot grow
 * the meter registry without bound.
 */
class IngestMetricsTest {

    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final IngestMetrics metrics = new IngestMetrics(registry);

    @Test
    void unknownFieldsAreCountedByKindAndName() {
        metrics.unknownFields(List.of(
                new Warning(0, "e1", "analytics", List.of("deviceModel", "childNickname"), 2),
                new Warning(3, "e2", "analytics", List.of("deviceModel"), 1),
                new Warning(4, "e3", "progress", List.of("deviceModel"), 1)));

        assertThat(count("analytics", "deviceModel")).isEqualTo(2);
        assertThat(count("analytics", "childNickname")).isEqualTo(1);
        assertThat(count("progress", "deviceModel")).isEqualTo(1);
    }

    @Test
    void namesOfAnotherShapeAndNamesPastTheCapCountAsOther() {
        List<String> names = new ArrayList<>();
        IntStream.range(0, IngestMetrics.MAX_FIELD_TAGS + 30).forEach(i -> names.add("field" + i));
        names.addAll(List.of("x".repeat(41), "ünïcode", "a b", "x".repeat(61) + "...", "1starts_with_digit"));

        for (int round = 0; round < 3; round++) {
            names.forEach(name -> metrics.unknownFields(List.of(new Warning(0, "e", "feedback", List.of(name), 1))));
        }
        metrics.unknownFields(List.of(new Warning(0, "e", "feedback", List.of("field0"), Warning.MAX_NAMED + 7)));

        assertThat(registry.find("ingest.unknown.fields").counters())
                .as("one series per admitted name, and other")
                .hasSize(IngestMetrics.MAX_FIELD_TAGS + 1);
        assertThat(count("feedback", "field0")).isEqualTo(4);
        assertThat(count("feedback", "field49")).isEqualTo(3);
        assertThat(registry.find("ingest.unknown.fields")
                        .tag("field", "field50")
                        .counter())
                .isNull();
        assertThat(count("feedback", IngestMetrics.OTHER))
                .as("30 names past the cap and 5 of another shape, three times; and the unnamed rest of an item")
                .isEqualTo(35 * 3 + Warning.MAX_NAMED + 6);
    }

    private double count(String kind, String field) {
        Counter counter = registry.find("ingest.unknown.fields")
                .tag("kind", kind)
                .tag("field", field)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
