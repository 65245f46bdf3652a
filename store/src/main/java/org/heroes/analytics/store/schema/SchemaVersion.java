package org.heroes.analytics.store.schema;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flyway migration version as the history stores it ({@code 11}, {@code 2.1}), ordered as Flyway orders them:
 * part by part, numerically.
 */
record SchemaVersion(List<BigInteger> parts) implements Comparable<SchemaVersion> {

    /** A versioned migration's file name: {@code V11__what_it_does.sql} ({@code _} or {@code .} between parts). */
    private static final Pattern MIGRATION_FILE = Pattern.compile("V(\\d+(?:[._]\\d+)*)__.+\\.sql");

    SchemaVersion {
        parts = List.copyOf(parts);
    }

    /** The version of {@code text} ({@code 11}, {@code 2.1}, {@code 2_1}). */
    static SchemaVersion parse(String text) {
        return new SchemaVersion(
                Arrays.stream(text.split("[._]")).map(BigInteger::new).toList());
    }

    /** The version of a versioned migration's file name; empty for any other file. */
    static Optional<SchemaVersion> ofMigrationFile(String fileName) {
        Matcher m = MIGRATION_FILE.matcher(fileName);
        return m.matches() ? Optional.of(parse(m.group(1))) : Optional.empty();
    }

    @Override
    public int compareTo(SchemaVersion other) {
        for (int i = 0; i < Math.max(parts.size(), other.parts.size()); i++) {
            int order = part(i).compareTo(other.part(i));
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    /** Equal as Flyway compares: {@code 1.0} and {@code 1} are one version. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SchemaVersion version && compareTo(version) == 0;
    }

    @Override
    public int hashCode() {
        int last = parts.size();
        while (last > 1 && parts.get(last - 1).signum() == 0) {
            last--;
        }
        return parts.subList(0, last).hashCode();
    }

    private BigInteger part(int index) {
        return index < parts.size() ? parts.get(index) : BigInteger.ZERO;
    }

    @Override
    public String toString() {
        return String.join(".", parts.stream().map(BigInteger::toString).toList());
    }
}
