package org.heroes.analytics.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

/**
 * Every published version of every record schema, as kept under {@code avro/history/<Record>/v<n>.avsc},
 * indexed by the 64-bit Rabin fingerprint that Avro's single-object encoding carries.
 *
 * <p>A published version is never edited or removed: producers that still write it must stay readable.
 * To evolve a record, change its schema under {@code src/main/avro} (the classes are generated from it)
 * and add the same text as the next {@code v<n>.avsc}; {@code SchemaHistoryTest} fails until both agree
 * and the newest reads every older version.
 */
public final class SchemaHistory {

    /** The newest schema of each record, as compiled into the generated classes: one per {@link EventKind}. */
    static final List<Schema> CURRENT =
            Arrays.stream(EventKind.values()).map(EventKind::schema).toList();

    private static final String HISTORY_ROOT = "avro/history/";

    /**
     * The variable naming a folder of extra writer schemas ({@link #load(Path)}), read by the aggregator
     * ({@code aggregator.schemas.extra-dir}) and the CLI's redrive ({@code --extra-schemas}).
     */
    public static final String EXTRA_SCHEMAS_VARIABLE = "HEROES_EXTRA_SCHEMAS_DIR";

    /** One published version of a record schema. */
    public record Version(String recordName, int version, Schema schema, long fingerprint) {}

    private final Map<Long, Version> byFingerprint;
    private final Map<String, List<Version>> byRecord;

    private SchemaHistory(List<Version> versions) {
        this.byFingerprint = new HashMap<>();
        this.byRecord = new HashMap<>();
        for (Version v : versions) {
            Version clash = byFingerprint.put(v.fingerprint(), v);
            if (clash != null) {
                throw new IllegalStateException("schema versions %s v%d and %s v%d have the same fingerprint"
                        .formatted(clash.recordName(), clash.version(), v.recordName(), v.version()));
            }
            byRecord.computeIfAbsent(v.recordName(), k -> new ArrayList<>()).add(v);
        }
    }

    /** Loads the history of every current record from the classpath. */
    public static SchemaHistory load() {
        return new SchemaHistory(loadAll());
    }

    /**
     * The history on the classpath plus the writer schemas in {@code extraDir} (every {@code *.avsc} in
     * it, by file name), for an operator whose producers already write a version this build has not
     * published yet (see the module README). Each extra schema must be a version of the record of an
     * {@link EventKind} that the newest schema reads; one with the fingerprint of a published version is skipped
     * (it was published since). With {@code extraDir} null, just {@link #load()}.
     *
     * @throws IllegalArgumentException if the folder cannot be read, or a file is not such a schema
     */
    public static SchemaHistory load(Path extraDir) {
        List<Version> versions = loadAll();
        if (extraDir == null) {
            return new SchemaHistory(versions);
        }
        for (Path file : extraSchemaFiles(extraDir)) {
            Schema extra = parseExtra(file);
            long fingerprint = fingerprintOf(extra);
            if (versions.stream().noneMatch(v -> v.fingerprint() == fingerprint)) {
                versions.add(new Version(extra.getName(), nextVersion(versions, extra.getName()), extra, fingerprint));
            }
        }
        return new SchemaHistory(versions);
    }

    /** The history on the classpath plus one more version of a record: for tests of a not-yet-published writer. */
    static SchemaHistory withExtraVersion(Schema extra) {
        List<Version> versions = loadAll();
        versions.add(new Version(extra.getName(), nextVersion(versions, extra.getName()), extra, fingerprintOf(extra)));
        return new SchemaHistory(versions);
    }

    private static int nextVersion(List<Version> versions, String recordName) {
        return (int) versions.stream()
                        .filter(v -> v.recordName().equals(recordName))
                        .count()
                + 1;
    }

    private static List<Path> extraSchemaFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("extra schema folder " + dir + " is not a readable directory");
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".avsc"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list the extra schema folder " + dir + ": " + e.getMessage(), e);
        }
    }

    private static Schema parseExtra(Path file) {
        Schema extra;
        try {
            extra = new Schema.Parser().parse(file.toFile());
        } catch (IOException | AvroRuntimeException e) {
            throw new IllegalArgumentException("extra schema " + file + " cannot be read: " + e.getMessage(), e);
        }
        Schema current = CURRENT.stream()
                .filter(c -> c.getFullName().equals(extra.getFullName()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("extra schema " + file + " is " + extra.getFullName()
                        + ", not a version of a record of this build"));
        List<String> problems = SchemaEvolution.incompatibilities(current, List.of(extra));
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "extra schema " + file + " cannot be read by the newest " + current.getName() + ": " + problems);
        }
        return extra;
    }

    private static List<Version> loadAll() {
        List<Version> versions = new ArrayList<>();
        for (Schema current : CURRENT) {
            versions.addAll(loadVersions(current.getName()));
        }
        return versions;
    }

    /** The published version with this fingerprint, if any. */
    public Optional<Version> byFingerprint(long fingerprint) {
        return Optional.ofNullable(byFingerprint.get(fingerprint));
    }

    /** Every published version of a record, oldest first. */
    public List<Version> versionsOf(String recordName) {
        return List.copyOf(byRecord.getOrDefault(recordName, List.of()));
    }

    /** The Rabin fingerprint of the schema's canonical form, as single-object encoding writes it. */
    public static long fingerprintOf(Schema schema) {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    private static List<Version> loadVersions(String recordName) {
        List<Version> versions = new ArrayList<>();
        ClassLoader loader = SchemaHistory.class.getClassLoader();
        for (int n = 1; ; n++) {
            String path = HISTORY_ROOT + recordName + "/v" + n + ".avsc";
            try (InputStream in = loader.getResourceAsStream(path)) {
                if (in == null) {
                    break;
                }
                Schema schema = new Schema.Parser().parse(in);
                versions.add(new Version(recordName, n, schema, fingerprintOf(schema)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read schema " + path, e);
            }
        }
        if (versions.isEmpty()) {
            throw new IllegalStateException("no published schema version for " + recordName + " under " + HISTORY_ROOT);
        }
        return versions;
    }
}
