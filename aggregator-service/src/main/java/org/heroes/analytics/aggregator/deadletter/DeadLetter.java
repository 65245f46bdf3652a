package org.heroes.analytics.aggregator.deadletter;

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

    /** A dead letter for {@code source} refused by {@code error}. */
    public static DeadLetter of(ConsumerRecord<String, byte[]> source, Throwable error) {
        String message = error.getMessage();
        return new DeadLetter(
                source,
                error.getClass().getName(),
                message == null ? error.getClass().getSimpleName() : message);
    }
}
