package org.heroes.analytics.auth;

/** The services a token can be for: its {@code aud} claim. */
public enum Audience {
    INGEST("heroes-ingest"),
    QUERY("heroes-query");

    private final String claimValue;

    Audience(String claimValue) {
        this.claimValue = claimValue;
    }

    public String claimValue() {
        return claimValue;
    }
}
