package org.heroes.analytics.store.deadletter;

import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A consumed record that will never be written, and why.
 *
 * @param source the record as consumed
 * @param errorClass the class of the error that refused it
 * @param reason a human-readable reason, e.g. {@code lessonId: must be an integer from 1 to 12}
 */
public record DeadLetter(ConsumerRecord<String, byte[]> source, String errorClass, String reason) {

    public DeadLetter {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(errorClass, "errorClass");
        Objects.requireNonNull(reason, "reason");
    }

    /**
     * A dead letter for {@code source} refused by {@code error}. PostgreSQL's error detail is cut off the
     * reason: for a refused row it reads {@code Failing row contains (...)}, every column of the row — a
     * student's free-text comment among them — and the reason travels in a header and into the logs, where
     * nothing may identify a student beyond the anonymous id (docs/data-retention.md). The record itself
     * (the value) is still there for whoever may read the dead-letter topic.
     */
    public static DeadLetter of(ConsumerRecord<String, byte[]> source, Throwable error) {
        String message = error.getMessage();
        return new DeadLetter(
                source,
                error.getClass().getName(),
                message == null ? error.getClass().getSimpleName() : withoutServerDetail(message));
    }

    /** The message up to PostgreSQL's {@code Detail:} line (pgjdbc appends it as {@code "\n  Detail: ..."}). */
    static String withoutServerDetail(String message) {
        int detail = message.indexOf("\n  Detail:");
        return detail < 0 ? message : message.substring(0, detail);
    }
}
