package org.heroes.analytics.observability.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private static final String WORDS = "my name is Ann and I live on Elm Street";

    @Test
    void textShowsOnlyItsLength() {
        assertThat(Redaction.parameter(WORDS)).isEqualTo("text[" + WORDS.length() + "]");
        assertThat(Redaction.parameter(new StringBuilder("abc"))).isEqualTo("text[3]");
        assertThat(Redaction.parameter(WORDS.toCharArray())).isEqualTo("text[" + WORDS.length() + "]");
    }

    @Test
    void aUuidBoundAsTextIsTextLikeAnyOther() {
        assertThat(Redaction.parameter("0f8fad5b-d9cb-469f-a165-70867728950e")).isEqualTo("text[36]");
    }

    @Test
    void anArrayShowsItsElementTypeAndLengthNeverAnElement() {
        assertThat(Redaction.parameter(new ArrayShape("uuid", 5000))).isEqualTo("uuid[]×5000");
        assertThat(Redaction.parameter(new ArrayShape("text", 2))).isEqualTo("text[]×2");
        assertThat(Redaction.parameter(new ArrayShape("text", -1))).isEqualTo("NULL");
        assertThat(Redaction.parameter(new Object[] {WORDS, 1})).isEqualTo("[]×2");
    }

    @Test
    void aJdbcArrayOfUnknownShapeShowsNothingOfItself() {
        java.sql.Array array = (java.sql.Array) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {java.sql.Array.class}, (proxy, method, args) -> WORDS);

        assertThat(Redaction.parameter(array)).isEqualTo("array");
    }

    @Test
    void bytesShowOnlyTheirLength() {
        assertThat(Redaction.parameter(WORDS.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isEqualTo("bytea[" + WORDS.length() + "]");
    }

    @Test
    void numbersTruthValuesDateTimesAndUuidsShowTheirValue() {
        UUID id = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

        assertThat(Redaction.parameter(42)).isEqualTo("42");
        assertThat(Redaction.parameter(42L)).isEqualTo("42");
        assertThat(Redaction.parameter(0.5)).isEqualTo("0.5");
        assertThat(Redaction.parameter(new BigDecimal("1.25"))).isEqualTo("1.25");
        assertThat(Redaction.parameter(true)).isEqualTo("true");
        assertThat(Redaction.parameter(id)).isEqualTo(id.toString());
        assertThat(Redaction.parameter(Instant.parse("2026-11-26T09:30:00Z"))).isEqualTo("2026-11-26T09:30:00Z");
        assertThat(Redaction.parameter(OffsetDateTime.parse("2026-11-26T09:30:00Z")))
                .isEqualTo("2026-11-26T09:30Z");
        assertThat(Redaction.parameter(Timestamp.from(Instant.EPOCH))).isNotBlank();
        assertThat(Redaction.parameter(null)).isEqualTo("NULL");
    }

    /** A value type of no known kind: it might hold words. */
    record Note(String words) {}

    @Test
    void anyOtherTypeShowsOnlyItsClassName() {
        assertThat(Redaction.parameter(new Note(WORDS))).isEqualTo("Note");
    }

    @Test
    void anAddressAloneIsRedacted() {
        assertThat(Redaction.redact("'ann.lee+x@school.example.org'")).isEqualTo("'<redacted>'");
    }

    @Test
    void everyAddressOfAPostgresArrayLiteralIsRedacted() {
        String literal = "{ann@a.org,\"bob smith\"@b.org,NULL,c@c.org}";

        assertThat(Redaction.redact(literal))
                .doesNotContain("@")
                .contains("NULL")
                .startsWith("{<redacted>,");
    }

    @Test
    void addressesInAJavaArrayAreRedacted() {
        String text = Arrays.deepToString(new Object[] {"x@y.z", new String[] {"q@r.s", "plain"}});

        assertThat(Redaction.redact(text)).isEqualTo("[<redacted>, [<redacted>, plain]]");
    }

    @Test
    void aServerMessageQuotingAnAddressIsRedacted() {
        String message = "ERROR: invalid input syntax for type integer: \"dee@school.org\"";

        assertThat(Redaction.redact(message)).isEqualTo("ERROR: invalid input syntax for type integer: \"<redacted>\"");
    }

    @Test
    void aDataExceptionsQuotedValueShowsOnlyItsShape() {
        String message = "ERROR: invalid input syntax for type integer: \"" + WORDS + "\"";

        assertThat(Redaction.message("22P02", message, 500))
                .isEqualTo("ERROR: invalid input syntax for type integer: \"text[" + WORDS.length() + "]\"");
    }

    @Test
    void aQuotedValueWithQuotesInsideIsShapedWhole() {
        String message = "ERROR: value \"say \"hi\" Ann\" is out of range";

        assertThat(Redaction.message("22003", message, 500)).isEqualTo("ERROR: value \"text[12]\" is out of range");
    }

    @Test
    void otherErrorsKeepTheNamesTheyQuoteButNoAddress() {
        String message = "ERROR: new row for relation \"student_feedback\" violates check constraint \"x\" (a@b.org)";

        assertThat(Redaction.message("23514", message, 500))
                .isEqualTo(
                        "ERROR: new row for relation \"student_feedback\" violates check constraint \"x\" (<redacted>)");
        assertThat(Redaction.message(null, "no@state", 500)).isEqualTo("<redacted>");
        assertThat(Redaction.message("22P02", null, 500)).isNull();
    }

    @Test
    void textWithoutAnAtSignIsLeftAlone() {
        assertThat(Redaction.redact("{1,2,3}")).isEqualTo("{1,2,3}");
        assertThat(Redaction.redact(null)).isNull();
    }

    @Test
    void truncationComesAfterRedactionSoNoPartOfAnAddressIsLeft() {
        String text = "{" + "a".repeat(10) + ",longname@school.example.org}";

        String cut = Redaction.redactAndTruncate(text, 16);

        assertThat(cut)
                .doesNotContain("longname")
                .startsWith("{aaaaaaaaaa,<red")
                .contains("more chars");
    }
}
