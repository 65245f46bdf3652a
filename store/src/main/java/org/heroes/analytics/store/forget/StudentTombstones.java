package org.heroes.analytics.store.forget;

import java.util.Collection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.heroes.analytics.schemas.Topic;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * The roster topic is compacted and keeps the last record of each key for good: a forgotten student's roster
 * record would stay there, and come back with any replay into an empty database. {@link #write} puts a tombstone
 * (a record without a value) under the student's roster key, their id in the canonical lower-case form ingest keys
 * roster records with; compaction then drops the student's records, and the tombstone itself after the topic's
 * {@code delete.retention.ms}. An aggregator that consumes it forgets the student again, at no cost (ADR 0022).
 */
@Component
public class StudentTombstones {

    /** Longer than the producer's {@code delivery.timeout.ms} (30 s, aggregator-service.yml). */
    static final long ACKNOWLEDGEMENT_SECONDS = 35;

    private final KafkaTemplate<String, byte[]> template;

    StudentTombstones(KafkaTemplate<String, byte[]> template) {
        this.template = template;
    }

    /**
     * Writes a tombstone for each student and returns once Kafka has acknowledged every one (acks=all).
     *
     * @throws ForgetFailedException if one is not acknowledged in time (retriable: writing them again is harmless)
     */
    public void write(Collection<UUID> students) {
        CompletableFuture<?>[] sends = students.stream()
                .map(student -> template.send(Topic.ROSTER.topicName(), student.toString(), null))
                .toArray(CompletableFuture<?>[]::new);
        try {
            CompletableFuture.allOf(sends).get(ACKNOWLEDGEMENT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ForgetFailedException("interrupted while writing the roster tombstones", true, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new ForgetFailedException(
                    "Kafka did not acknowledge the roster tombstones of " + students.size()
                            + " student(s); the database has forgotten them: run the forget again (harmless)",
                    true,
                    e);
        }
    }
}
