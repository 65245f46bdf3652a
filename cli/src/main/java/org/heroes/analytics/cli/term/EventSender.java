package org.heroes.analytics.cli.term;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.heroes.analytics.client.IngestClient;
import org.heroes.analytics.client.SendResult;

/**
 * Sends the term through the ingest API with the client library ({@link IngestClient}: gzip, retries
 * with the same eventIds on network errors, {@code 503} and {@code 429}), one request per batch, and
 * keeps the counts the progress line and the summary show. Rejected events are an error here: the
 * demo's events are all valid.
 */
final class EventSender {

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI ingestUrl;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    EventSender(URI ingestUrl) {
        this.ingestUrl = ingestUrl;
    }

    void sendEvents(String token, List<Map<String, Object>> batch) throws InterruptedException {
        count(client(token).sendEvents(batch), batch.size());
    }

    void sendRoster(String token, List<Map<String, Object>> batch) throws InterruptedException {
        count(client(token).sendRoster(batch), batch.size());
    }

    long accepted() {
        return accepted.get();
    }

    long retries() {
        return retries.get();
    }

    /** A client for one token; all share one HTTP client and its keep-alive connections. */
    private IngestClient client(String token) {
        return IngestClient.builder(ingestUrl, () -> token)
                .httpClient(http)
                .batchSize(IngestClient.MAX_BATCH)
                .build();
    }

    private void count(SendResult result, int size) {
        retries.addAndGet(result.retries());
        if (!result.rejected().isEmpty()) {
            throw new IllegalStateException("ingest rejected %d of %d events: %s"
                    .formatted(result.rejected().size(), size, result.rejected()));
        }
        accepted.addAndGet(result.accepted());
    }
}
