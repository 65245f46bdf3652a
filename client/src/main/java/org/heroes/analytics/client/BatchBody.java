package org.heroes.analytics.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * A request body {@code {"sentAt": "...", "<arrayField>": [item, ...]}} put together from items that are JSON
 * already (each exactly as it was stored or serialised once), so a retry carries the very same items. It is
 * made anew for each attempt: {@code sentAt} is the sender's clock at that attempt, which lets the service
 * correct the time of events from a device whose clock is wrong.
 */
final class BatchBody {

    /** More than the envelope around the items ever takes: {@code {"sentAt":"<instant>","events":[...]}}. */
    static final int ENVELOPE_RESERVE = 128;

    private BatchBody() {}

    /**
     * The body's JSON.
     *
     * @param sentAt the clock at sending, or null to leave {@code sentAt} out
     */
    static byte[] json(String arrayField, List<byte[]> items, Instant sentAt) {
        int size = ENVELOPE_RESERVE;
        for (byte[] item : items) {
            size += item.length + 1;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        out.writeBytes(utf8("{"));
        if (sentAt != null) {
            out.writeBytes(utf8("\"sentAt\":\"" + sentAt.truncatedTo(ChronoUnit.MILLIS) + "\","));
        }
        out.writeBytes(utf8("\"" + arrayField + "\":["));
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(items.get(i));
        }
        out.writeBytes(utf8("]}"));
        return out.toByteArray();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
