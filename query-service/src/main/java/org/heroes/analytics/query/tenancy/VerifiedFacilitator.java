package org.heroes.analytics.query.tenancy;

import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** The facilitator a request acts for: the {@code sub} of its verified token, never anything the client sent else. */
final class VerifiedFacilitator {

    private VerifiedFacilitator() {}

    static UUID current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token && token.isAuthenticated()) {
            // the decoder has already refused any token whose sub is not a UUID
            return UUID.fromString(token.getToken().getSubject());
        }
        throw new IllegalStateException("a facilitator read outside a request authenticated by a facilitator token");
    }
}
