package org.heroes.analytics.eventsjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

class StrictJsonTest {

    static byte[] bytes(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsTheSliceOfBytesItIsGiven() {
        byte[] line = bytes("xx{\"kind\": \"progress\", \"lessonId\": 3}yy");

        assertThat(StrictJson.read(line, 2, line.length - 4).toString())
                .isEqualTo("{\"kind\":\"progress\",\"lessonId\":3}");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"kind\": \"a\", \"kind\": \"b\"}",
                "{\"kind\": \"a\"} {\"kind\": \"b\"}",
                "{\"kind\": \"a\"",
                "{kind: \"a\"}",
                "{\"comment\": \"" + "x" + "\" trailing}"
            })
    void textThatCouldBeReadTwoWaysOrNotAtAllIsRefused(String text) {
        assertThatThrownBy(() -> StrictJson.read(bytes(text), 0, text.length())).isInstanceOf(JacksonException.class);
    }

    @Test
    void deepNestingIsRefusedAsSoonAsItIsMet() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);

        assertThatThrownBy(() -> StrictJson.read(bytes(deep), 0, deep.length()))
                .isInstanceOf(JacksonException.class)
                .hasMessageContaining("nesting depth");
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] latin1 = "{\"comment\": \"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

        assertThatThrownBy(() -> StrictJson.read(latin1, 0, latin1.length)).isInstanceOf(JacksonException.class);
    }
}
