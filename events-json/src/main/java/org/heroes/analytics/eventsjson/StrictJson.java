package org.heroes.analytics.eventsjson;

import java.io.InputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON parser of everything clients and operators send: the ingest API's request bodies and
 * the backfill's lines. Duplicate keys and trailing content are refused, so a text that could be read
 * two ways is not read at all; and the parser refuses, as soon as it meets them, shapes no valid input
 * has (see {@link #CONSTRAINTS}), so hostile input costs no more than its bytes. Thread-safe.
 */
public final class StrictJson {

    /**
     * Far above anything valid (an item nests 2 levels below the array of a request body, the longest
     * valid string is a 500-character comment, 500 items of ~60 tokens), far below what hurts.
     */
    public static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
            .maxNestingDepth(16)
            .maxStringLength(16 * 1024)
            .maxNameLength(1024)
            .maxNumberLength(64)
            .maxTokenCount(200_000)
            .build();

    private static final JsonMapper JSON = JsonMapper.builder(
                    JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build())
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private StrictJson() {}

    /**
     * The JSON value the stream holds; empty input yields no object ({@code null} or a missing node). An unchecked
     * exception the stream throws (such as a size limit) passes through unchanged.
     *
     * @throws JacksonException if the text is not one JSON value within {@link #CONSTRAINTS}, or cannot
     *     be read (invalid UTF-8, broken gzip)
     */
    public static JsonNode read(InputStream in) {
        return JSON.readTree(in);
    }

    /**
     * The JSON value of {@code bytes[offset, offset + length)}; empty input yields no object ({@code null}
     * or a missing node).
     *
     * @throws JacksonException if the bytes are not one JSON value in UTF-8 within {@link #CONSTRAINTS}
     */
    public static JsonNode read(byte[] bytes, int offset, int length) {
        return JSON.readTree(bytes, offset, length);
    }
}
