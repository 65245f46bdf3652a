package org.heroes.analytics.observability.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RedactionTest {

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
