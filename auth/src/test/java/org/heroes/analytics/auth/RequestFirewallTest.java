package org.heroes.analytics.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.firewall.RequestRejectedException;

class RequestFirewallTest {

    /** StrictHttpFirewall's own defaults, the oracle. */
    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

    private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void agreesWithSpringSecuritysPatternsOnEdgeCases() {
        String[] samples = {
            "",
            "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig",
            "a\tb",
            "a\nb",
            "a\rb",
            "\u0000",
            "\u007f",
            "\u0080",
            "\u009f",
            "\u00a0",
            "\u0378",
            "caf\u00e9",
            "\ud83d\ude00",
            "\ud83d",
            "\ude00x",
            "\u2028",
            "\uffff",
            "\ufeff",
            "~ !"
        };
        for (String sample : samples) {
            assertAgrees(sample);
        }
    }

    @Test
    void agreesWithSpringSecuritysPatternsOnRandomStrings() {
        Random random = new Random(20261127);
        for (int n = 0; n < 100_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                int codePoint = switch (random.nextInt(4)) {
                    case 0 -> random.nextInt(0x80); // ASCII, controls included
                    case 1 -> random.nextInt(0x100); // Latin-1, C1 controls included
                    case 2 -> random.nextInt(0x10000); // the BMP, lone surrogates and unassigned included
                    default -> random.nextInt(Character.MAX_CODE_POINT + 1);
                };
                text.appendCodePoint(codePoint);
            }
            assertAgrees(text.toString());
        }
    }

    @Test
    void theFirewallRefusesControlCharactersInHeadersAndLetsTokensThrough() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/classrooms");
        request.addHeader("Authorization", "Bearer abc.def-ghi_jkl");
        request.addHeader("X-Evil", "a\u0000b");
        var firewalled = RequestFirewall.strict().getFirewalledRequest(request);

        assertThat(firewalled.getHeader("Authorization")).isEqualTo("Bearer abc.def-ghi_jkl");
        assertThatThrownBy(() -> firewalled.getHeader("X-Evil")).isInstanceOf(RequestRejectedException.class);
    }

    private static void assertAgrees(String text) {
        assertThat(RequestFirewall.isAllowedName(text))
                .as("name %s", text.codePoints().mapToObj(Integer::toHexString).toList())
                .isEqualTo(NAME.matcher(text).matches());
        assertThat(RequestFirewall.isAllowedHeaderValue(text))
                .as(
                        "header value %s",
                        text.codePoints().mapToObj(Integer::toHexString).toList())
                .isEqualTo(HEADER_VALUE.matcher(text).matches());
    }
}
