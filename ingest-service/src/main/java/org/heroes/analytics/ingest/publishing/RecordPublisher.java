package org.heroes.analytics.ingest.publishing;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.heroes.analytics.schemas.EventCodec;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends records to their topics ({@link EventCodec#message}), and waits until Kafka acknowledged
 * all of them (acks=all) or the acknowledgement deadline passed.
 */
@Component
public class RecordPublisher {

    private final KafkaTemplate<String, byte[]> template;
    private final EventCodec codec;
    private final Duration ackTimeout;
    private final long sendBlockNanos;
    private final MeterRegistry meters;
    /** Registered once: a meter lookup per request showed in the profile. */
    private final Timer acknowledged;

    private final Timer failed;

    RecordPublisher(
            KafkaTemplate<String, byte[]> template,
            EventCodec codec,
            IngestKafkaProperties properties,
            MeterRegistry meters) {
        this.template = template;
        this.codec = codec;
        this.ackTimeout = properties.ackTimeout();
        this.sendBlockNanos = properties.sendBlock().toNanos();
        this.meters = meters;
        this.acknowledged = sendTimer(meters, "acknowledged");
        this.failed = sendTimer(meters, "failed");
    }

    private static Timer sendTimer(MeterRegistry meters, String outcome) {
        return Timer.builder("ingest.kafka.send")
                .description("From a request's first send to Kafka's last acknowledgement")
                .tag("outcome", outcome)
                .publishPercentileHistogram()
                .register(meters);
    }

    /**
     * Publishes every record, one send each, and returns once all are acknowledged; the time from the
     * first send to the last acknowledgement is {@code ingest.kafka.send{outcome=acknowledged|failed}}.
     *
     * @throws PublishFailedException if any record was not acknowledged within the deadline
     */
    public void publish(List<SpecificRecord> records) {
        Timer.Sample sample = Timer.start(meters);
        boolean done = false;
        try {
            send(records);
            done = true;
        } finally {
            sample.stop(done ? acknowledged : failed);
        }
    }

    private void send(List<SpecificRecord> records) {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        List<CompletableFuture<?>> sends = new ArrayList<>(records.size());
        try {
            for (SpecificRecord record : records) {
                if (deadline - System.nanoTime() < sendBlockNanos) {
                    throw new TimeoutException("the deadline would pass while sending");
                }
                CompletableFuture<?> sent = template.send(codec.message(record));
                if (sent.isCompletedExceptionally()) {
                    sent.get(); // refused at once (buffer memory not freed in time, a record too large): stop here
                }
                sends.add(sent);
            }
            long remaining = Math.max(0, deadline - System.nanoTime());
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new PublishFailedException(notAcknowledged(records.size()) + " within " + ackTimeout, e, true);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PublishFailedException(notAcknowledged(records.size()) + ": " + cause, cause, isRetriable(cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException(notAcknowledged(records.size()) + ": interrupted", e, true);
        } catch (org.apache.kafka.common.KafkaException | org.springframework.kafka.KafkaException e) {
            throw new PublishFailedException(notAcknowledged(records.size()) + ": " + e, e, isRetriable(e));
        }
    }

    private static String notAcknowledged(int count) {
        return "Kafka did not acknowledge all " + count + " records";
    }

    /** Retriable if Kafka says so anywhere in the chain (a send timeout, a broker away, a leader moving). */
    private static boolean isRetriable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
        }
        return false;
    }
}
