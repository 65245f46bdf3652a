package org.heroes.analytics.ingest.events;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a request body of the shape {@code {"<arrayField>": [ {...}, ... ]}} into its items, without
 * looking inside them. Duplicate keys and trailing content are refused: a body that could be read two
 * ways is not read at all. The parser refuses, as soon as it meets them, shapes no valid body has
 * (see {@link #CONSTRAINTS}), so a hostile body costs no more than its bytes.
 */
public final class BatchReader {

    /**
     * Far above anything valid (an item nests 2 levels below the array, the longest valid string is a
     * 500-character comment, 500 items of ~60 tokens), far below what hurts.
     */
    static final StreamReadConstraints CONSTRAINTS = StreamReadConstraints.builder()
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

    private final String arrayField;
    private final int maxItems;

    /**
     * @param arrayField the one member of the body that holds the items, e.g. {@code events}
     * @param maxItems the most items one body may hold
     */
    public BatchReader(String arrayField, int maxItems) {
        this.arrayField = arrayField;
        this.maxItems = maxItems;
    }

    /**
     * The items of the body, in order.
     *
     * @throws MalformedBatchException if the body is not a JSON object whose {@code arrayField} is an array
     * @throws TooManyRecordsException if the array holds more than {@code maxItems} items
     */
    public List<JsonNode> read(byte[] body) {
        return read(new ByteArrayInputStream(body));
    }

    /**
     * The items of the body read from the stream; an unchecked exception the stream throws (such as a
     * size limit) passes through unchanged.
     *
     * @throws MalformedBatchException if the body is not a JSON object whose {@code arrayField} is an
     *     array, breaks the parser's {@link #CONSTRAINTS}, or cannot be read (e.g. broken gzip)
     * @throws TooManyRecordsException if the array holds more than {@code maxItems} items
     */
    public List<JsonNode> read(InputStream body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedBatchException("the body is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedBatchException(
                    "the body must be a JSON object of the shape {\"" + arrayField + "\": [...]}");
        }
        JsonNode items = root.get(arrayField);
        if (items == null || !items.isArray()) {
            throw new MalformedBatchException("the body must hold an array \"" + arrayField + "\"");
        }
        if (items.size() > maxItems) {
            throw new TooManyRecordsException(items.size(), maxItems);
        }
        List<JsonNode> result = new ArrayList<>(items.size());
        items.forEach(result::add);
        return result;
    }
}
