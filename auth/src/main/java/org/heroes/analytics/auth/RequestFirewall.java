package org.heroes.analytics.auth;

import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's {@link StrictHttpFirewall} with its own default rules for header names, header values and
 * parameter names, checked by a loop over the code points instead of by its regular expressions.
 *
 * <p>The defaults are {@code [\p{IsAssigned}&&[^\p{IsControl}]]*} for names and the same with tab allowed for values:
 * every code point assigned and none a control character. Matched by {@link java.util.regex.Pattern}, that test of
 * the {@code Authorization} header alone, a bearer token of some 400 characters, took about 40 % of query-service's
 * CPU per request (Unicode category lookups per character, JFR). Printable ASCII, nearly every character a request
 * carries, passes here at the cost of a comparison; any other code point gets exactly the regular expressions' test.
 * The URL rules (encoded slashes, periods, semicolons, ...) stay the defaults.
 */
public final class RequestFirewall {

    private RequestFirewall() {}

    /** A new {@link StrictHttpFirewall} with the default rules, the character rules checked as described above. */
    public static StrictHttpFirewall strict() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderNames(RequestFirewall::isAllowedName);
        firewall.setAllowedParameterNames(RequestFirewall::isAllowedName);
        firewall.setAllowedHeaderValues(RequestFirewall::isAllowedHeaderValue);
        return firewall;
    }

    /** {@code [\p{IsAssigned}&&[^\p{IsControl}]]*}: every code point assigned and not a control character. */
    static boolean isAllowedName(String name) {
        return allAssignedWithoutControls(name, false);
    }

    /** {@code [\p{IsAssigned}&&[[^\p{IsControl}]||\t]]*}: as a name, and tabs allowed. */
    static boolean isAllowedHeaderValue(String value) {
        return allAssignedWithoutControls(value, true);
    }

    private static boolean allAssignedWithoutControls(String text, boolean tabAllowed) {
        for (int i = 0; i < text.length(); ) {
            int codePoint = text.codePointAt(i);
            if (codePoint < ' ' || codePoint >= 0x7f) {
                int type = Character.getType(codePoint);
                boolean allowed = type != Character.UNASSIGNED
                        && (type != Character.CONTROL || (tabAllowed && codePoint == '\t'));
                if (!allowed) {
                    return false;
                }
            }
            i += Character.charCount(codePoint);
        }
        return true;
    }
}
