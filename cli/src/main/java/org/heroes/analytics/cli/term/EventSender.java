package org.heroes.analytics.cli.term;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import org.heroes.analytics.client.EventWarnings;
import org.heroes.analytics.client.IngestClient;
import org.heroes.analytics.client.SendResult;

/**
 * Sends the term through the ingest API with the client library ({@link IngestClient}: gzip, retries
 * with the same eventIds on network errors, {@code 503} and {@code 429}), one request per batch, and
 * keeps the counts the progress line and the summary show. Rejected events are an error here: the
 * demo's events are all valid. Warnings (fields the service does not know, dropped) are counted: the newer app's.
 * Every events request carries {@code sentAt}, the client's clock, which is the tablet's (ahead for a fast one).
 */
final class EventSender {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI ingestUrl;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong warnings = new AtomicLong();
    private final Set<String> warned = new ConcurrentSkipListSet<>();

    EventSender(URI ingestUrl) {
        this.ingestUrl = ingestUrl;
    }

    /** Sends a tablet's batch with its clock, {@code clockAhead} ahead of this machine's. */
    void sendEvents(String token, List<Map<String, Object>> batch, Duration clockAhead) throws InterruptedException {
        count(client(token, Clock.offset(Clock.systemUTC(), clockAhead)).sendEvents(batch), batch.size());
    }

    void sendRoster(String token, List<Map<String, Object>> batch) throws InterruptedException {
        count(client(token, Clock.systemUTC()).sendRoster(batch), batch.size());
    }

    long accepted() {
        return accepted.get();
    }

    long retries() {
        return retries.get();
    }

    /** How many warnings the service gave, one per field it dropped from an accepted event. */
    long warnings() {
        return warnings.get();
    }

    /** The fields the warnings named (each warning is {@code "field: is not a field of <kind>; dropped"}). */
    Set<String> warned() {
        return new TreeSet<>(warned);
    }

    /** A client for one token and clock; all share one HTTP client and its keep-alive connections. */
    private IngestClient client(String token, Clock clock) {
        return IngestClient.builder(ingestUrl, () -> token)
                .httpClient(http)
                .batchSize(IngestClient.MAX_BATCH)
                .clock(clock)
                .build();
    }

    private void count(SendResult result, int size) {
        retries.addAndGet(result.retries());
        if (!result.rejected().isEmpty()) {
            throw new IllegalStateException("ingest rejected %d of %d events: %s"
                    .formatted(result.rejected().size(), size, result.rejected()));
        }
        accepted.addAndGet(result.accepted());
        for (EventWarnings event : result.warnings()) {
            warnings.addAndGet(event.warnings().size());
            event.warnings().forEach(w -> warned.add(w.contains(":") ? w.substring(0, w.indexOf(':')) : w));
        }
    }
}
