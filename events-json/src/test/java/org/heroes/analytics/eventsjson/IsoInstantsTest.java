package org.heroes.analytics.eventsjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link IsoInstants#parse} answers exactly as {@link Instant#parse}, whichever path it takes. */
class IsoInstantsTest {

    private static final String ALPHABET = "0123456789-:.TZtz+ \u0663";

    private final Random random = new Random(20261126);

    @Test
    void agreesWithInstantParseOnRandomInstantsAndTheirMutations() {
        for (int i = 0; i < 100_000; i++) {
            String text = mutate(format(randomInstant()));
            assertSameAnswer(text);
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-26T09:30:00Z",
                "2026-11-26T09:30:00.1Z",
                "2026-11-26T09:30:00.123Z",
                "2026-11-26T09:30:00.123456789Z",
                "2024-02-29T23:59:59Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z",
                "1969-12-31T23:59:59.5Z",
                "2026-11-26T09:30:00+01:00",
                "2026-11-26t09:30:00z",
                "2026-12-31T23:59:60Z",
                "2026-11-26T09:30:00.Z",
                "2026-11-26T24:00:00Z"
            })
    void readsWhatInstantParseReads(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2026-11-26T09:30:00",
                "2026-11-26T09:30:00.1234567890Z",
                "2025-02-29T09:30:00Z",
                "2026-04-31T09:30:00Z",
                "2026-13-01T09:30:00Z",
                "2026-11-26T09:60:00Z",
                "2026-11-26 09:30:00Z",
                "2026-11-\u00b326T09:30:00Z"
            })
    void refusesWhatInstantParseRefuses(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeParseException.class);
        assertThatThrownBy(() -> IsoInstants.parse(text)).isInstanceOf(DateTimeParseException.class);
    }

    private static void assertSameAnswer(String text) {
        Instant expected;
        try {
            expected = Instant.parse(text);
        } catch (DateTimeParseException e) {
            assertThatThrownBy(() -> IsoInstants.parse(text)).as(text).isInstanceOf(DateTimeParseException.class);
            return;
        }
        assertThat(IsoInstants.parse(text)).as(text).isEqualTo(expected);
    }

    private Instant randomInstant() {
        long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L);
        return Instant.ofEpochSecond(seconds, random.nextInt(4) == 0 ? random.nextInt(1_000_000_000) : 0);
    }

    /** ISO form with a random number of fraction digits (0 to 9), sometimes with an offset. */
    private String format(Instant instant) {
        String text = instant.toString();
        int dot = text.indexOf('.');
        String base = dot < 0 ? text.substring(0, text.length() - 1) : text.substring(0, dot);
        int digits = random.nextInt(10);
        String fraction = digits == 0
                ? ""
                : "." + String.format("%09d", instant.getNano()).substring(0, digits);
        return base + fraction + (random.nextInt(10) == 0 ? "+00:00" : "Z");
    }

    private String mutate(String text) {
        if (random.nextInt(3) > 0 || text.isEmpty()) {
            return text;
        }
        StringBuilder mutated = new StringBuilder(text);
        int at = random.nextInt(mutated.length());
        char c = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
        switch (random.nextInt(3)) {
            case 0 -> mutated.setCharAt(at, c);
            case 1 -> mutated.deleteCharAt(at);
            default -> mutated.insert(at, c);
        }
        return mutated.toString();
    }
}
