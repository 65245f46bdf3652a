package org.heroes.analytics.ingest.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchReaderTest {

    final BatchReader reader = new BatchReader("events", 3);

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void itemsAreReadInOrderWithoutLookingInside() {
        assertThat(reader.read(bytes("{\"events\": [{\"a\": 1}, 2, \"three\"]}"))
                        .items())
                .extracting(Object::toString)
                .containsExactly("{\"a\":1}", "2", "\"three\"");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "not json",
                "[]",
                "{}",
                "{\"events\": {}}",
                "{\"records\": []}",
                "{\"events\": []} trailing",
                "{\"events\": [], \"events\": []}",
                "{\"events\": [{\"kind\": \"a\", \"kind\": \"b\"}]}"
            })
    void bodyThatIsNotAnObjectWithTheArrayIsMalformed(String body) {
        assertThatThrownBy(() -> reader.read(bytes(body))).isInstanceOf(MalformedBatchException.class);
    }

    @Test
    void sentAtIsHandedOnAsSentAndOtherMembersAreIgnored() {
        BatchReader.Envelope envelope =
                reader.read(bytes("{\"sentAt\": \"2026-11-26T13:00:00Z\", \"app\": \"v2\", \"events\": [1]}"));

        assertThat(envelope.sentAt().asString()).isEqualTo("2026-11-26T13:00:00Z");
        assertThat(envelope.items()).hasSize(1);
        assertThat(reader.read(bytes("{\"events\": []}")).sentAt()).isNull();
    }

    @Test
    void moreItemsThanTheLimitAreRefused() {
        assertThatThrownBy(() -> reader.read(bytes("{\"events\": [1, 2, 3, 4]}")))
                .isInstanceOfSatisfying(TooManyRecordsException.class, e -> {
                    assertThat(e.count()).isEqualTo(4);
                    assertThat(e.limit()).isEqualTo(3);
                });
    }

    @Test
    void exactlyTheLimitIsAllowed() {
        assertThat(reader.read(bytes("{\"events\": [1, 2, 3]}")).items()).hasSize(3);
    }

    @Test
    void deeplyNestedJsonIsRefusedAsMalformed() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);

        assertThatThrownBy(() -> reader.read(bytes("{\"events\": [" + deep + "]}")))
                .isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void hugeStringIsRefusedAsMalformed() {
        String huge = "x".repeat(100_000);

        assertThatThrownBy(() -> reader.read(bytes("{\"events\": [\"" + huge + "\"]}")))
                .isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining("String value length");
    }

    @Test
    void hugeNumberIsRefusedAsMalformed() {
        String digits = "9".repeat(1_000);

        assertThatThrownBy(() -> reader.read(bytes("{\"events\": [" + digits + "]}")))
                .isInstanceOf(MalformedBatchException.class)
                .hasMessageContaining("Number value length");
    }

    @Test
    void uncheckedFailureOfTheStreamPassesThrough() {
        java.io.InputStream failing = new java.io.InputStream() {
            @Override
            public int read() {
                throw new IllegalStateException("limit");
            }
        };

        assertThatThrownBy(() -> reader.read(failing)).isInstanceOf(IllegalStateException.class);
    }
}
