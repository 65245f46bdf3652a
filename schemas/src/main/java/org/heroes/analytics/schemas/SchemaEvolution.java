package org.heroes.analytics.schemas;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** The rule every new schema version obeys: the newest schema reads data written with every older one. */
public final class SchemaEvolution {

    private SchemaEvolution() {}

    /** Each way the reader cannot read data written with one of the writers; empty when it reads all. */
    public static List<String> incompatibilities(Schema reader, List<Schema> writers) {
        return writers.stream()
                .map(writer -> SchemaCompatibility.checkReaderWriterCompatibility(reader, writer))
                .filter(result -> result.getType() != SchemaCompatibilityType.COMPATIBLE)
                .map(result -> result.getResult().getIncompatibilities().toString())
                .toList();
    }
}
