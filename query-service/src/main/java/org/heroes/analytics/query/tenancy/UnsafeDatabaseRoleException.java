package org.heroes.analytics.query.tenancy;

import java.util.List;

/** The service is connected as a role that row-level security would not hold: it must not start. */
final class UnsafeDatabaseRoleException extends IllegalStateException {

    private final List<String> findings;

    UnsafeDatabaseRoleException(List<String> findings) {
        super("query-service refuses to start: " + String.join("; ", findings)
                + ". It must connect as heroes_reader, which is no superuser, has no BYPASSRLS, owns no table and"
                + " reads only tables with forced row-level security (contract §5).");
        this.findings = List.copyOf(findings);
    }

    List<String> findings() {
        return findings;
    }
}
