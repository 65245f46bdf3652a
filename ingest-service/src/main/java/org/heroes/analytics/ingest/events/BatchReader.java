package org.heroes.analytics.ingest.events;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.heroes.analytics.eventsjson.StrictJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Reads a request body of the shape {@code {"<arrayField>": [ {...}, ... ], "sentAt": "..."}} into its items,
 * without looking inside them, and its optional {@code sentAt} (the sender's clock when it sent the batch, which
 * {@code RecordMapper} checks and corrects the items' times by), with the parser of {@link StrictJson} (duplicate
 * keys, trailing content and shapes no valid body has are refused), which the backfill uses for its lines too.
 * Other members of the body are ignored.
 */
public final class BatchReader {

    private static final String SENT_AT = "sentAt";

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

    /** The items of a body, in order, and its {@code sentAt} as sent ({@code null} when absent). */
    public record Envelope(List<JsonNode> items, JsonNode sentAt) {

        public Envelope {
            items = List.copyOf(items);
        }
    }

    /**
     * The items of the body, in order, and its {@code sentAt}.
     *
     * @throws MalformedBatchException if the body is not a JSON object whose {@code arrayField} is an array
     * @throws TooManyRecordsException if the array holds more than {@code maxItems} items
     */
    public Envelope read(byte[] body) {
        return read(new ByteArrayInputStream(body));
    }

    /**
     * The items of the body read from the stream, and its {@code sentAt}; an unchecked exception the stream throws (such as a
     * size limit) passes through unchanged.
     *
     * @throws MalformedBatchException if the body is not a JSON object whose {@code arrayField} is an
     *     array, breaks the parser's {@link StrictJson#CONSTRAINTS}, or cannot be read (e.g. broken gzip)
     * @throws TooManyRecordsException if the array holds more than {@code maxItems} items
     */
    public Envelope read(InputStream body) {
        JsonNode root;
        try {
            root = StrictJson.read(body);
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
        return new Envelope(result, root.get(SENT_AT));
    }
}
