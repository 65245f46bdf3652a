package org.heroes.analytics.schemas.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link RecordRules#isUuid} and {@link RecordRules#isName} answer exactly as the patterns they stand for. */
class FastChecksTest {

    /** Characters near the edges of the classes: non-ASCII digits and letters, case, separators. */
    private static final String ALPHABET = "0123456789abcdefgzABCDEFGZ-_. \u0663\uff10\u00e9:/\u0000";

    private final Random random = new Random(20261126);

    @Test
    void isUuidAgreesWithThePatternOnMutatedUuids() {
        for (int i = 0; i < 50_000; i++) {
            String text = mutate(UUID.randomUUID().toString());
            assertThat(RecordRules.isUuid(text))
                    .as(text)
                    .isEqualTo(RecordRules.UUID.matcher(text).matches());
        }
    }

    @Test
    void isNameAgreesWithThePatternOnRandomTexts() {
        for (int i = 0; i < 50_000; i++) {
            String text = randomText(random.nextInt(70));
            assertThat(RecordRules.isName(text))
                    .as(text)
                    .isEqualTo(RecordRules.NAME.matcher(text).matches());
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0b6d3c1e-8f7a-4c2b-9d5e-1a2b3c4d5e6f",
                "0B6D3C1E-8F7A-4C2B-9D5E-1A2B3C4D5E6F",
                "00000000-0000-0000-0000-000000000000"
            })
    void uuidsInEitherCaseAreUuids(String text) {
        assertThat(RecordRules.isUuid(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "0b6d3c1e8f7a4c2b9d5e1a2b3c4d5e6f",
                "0b6d3c1e-8f7a-4c2b-9d5e-1a2b3c4d5e6",
                "0b6d3c1e-8f7a-4c2b-9d5e-1a2b3c4d5e6fa",
                "0b6d3c1e-8f7a-4c2b-9d5e_1a2b3c4d5e6f",
                "0b6d3c1g-8f7a-4c2b-9d5e-1a2b3c4d5e6f",
                "{0b6d3c1e-8f7a-4c2b-9d5e-1a2b3c4d5e6f}"
            })
    void anythingElseIsNot(String text) {
        assertThat(RecordRules.isUuid(text)).isFalse();
        assertThat(RecordRules.UUID.matcher(text).matches()).isFalse();
    }

    private String mutate(String uuid) {
        StringBuilder text = new StringBuilder(uuid);
        int edits = random.nextInt(3);
        for (int e = 0; e < edits && text.length() > 0; e++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.setCharAt(at, randomChar());
                case 1 -> text.deleteCharAt(at);
                default -> text.insert(at, randomChar());
            }
        }
        return random.nextBoolean() ? text.toString() : text.toString().toUpperCase(java.util.Locale.ROOT);
    }

    private String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(randomChar());
        }
        return text.toString();
    }

    private char randomChar() {
        return ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    }
}
