package org.heroes.analytics.auth;

/** Claim names and scope values of contract §3. */
public final class TokenClaims {

    /** Space-separated scopes, as in OAuth 2. */
    public static final String SCOPE = "scope";
    /** The one classroom a client-app token may write events for. */
    public static final String CLASSROOM_ID = "classroom_id";

    public static final String EVENTS_WRITE = "events:write";
    public static final String ROSTER_WRITE = "roster:write";
    public static final String ANALYTICS_READ = "analytics:read";

    private TokenClaims() {}
}
