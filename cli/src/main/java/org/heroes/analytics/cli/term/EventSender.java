package org.heroes.analytics.cli.term;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts batches to the ingest API and retries what was not acknowledged — on a network error, {@code 503}
 * or {@code 429} — with the same eventIds, so a retry never counts twice. Rejected events are an error
 * here: the demo's events are all valid.
 */
final class EventSender {

    private static final int MAX_ATTEMPTS = 8;

    private final HttpJson http;
    private final URI ingestUrl;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    EventSender(HttpJson http, URI ingestUrl) {
        this.http = http;
        this.ingestUrl = ingestUrl;
    }

    void sendEvents(String token, List<Map<String, Object>> batch) throws IOException, InterruptedException {
        post("/v1/events", token, Map.of("events", batch), batch.size());
    }

    void sendRoster(String token, List<Map<String, Object>> batch) throws IOException, InterruptedException {
        post("/v1/roster", token, Map.of("records", batch), batch.size());
    }

    long accepted() {
        return accepted.get();
    }

    long retries() {
        return retries.get();
    }

    private void post(String path, String token, Object body, int size) throws IOException, InterruptedException {
        URI uri = ingestUrl.resolve(path);
        for (int attempt = 1; ; attempt++) {
            Duration wait = Duration.ofMillis(200L << Math.min(attempt, 6));
            try {
                HttpJson.Answer answer = http.post(uri, token, body);
                if (answer.status() == 202) {
                    int ok = answer.body().path("accepted").asInt();
                    if (ok != size) {
                        throw new IllegalStateException("ingest rejected %d of %d events: %s"
                                .formatted(size - ok, size, answer.body().path("rejected")));
                    }
                    accepted.addAndGet(ok);
                    return;
                }
                if (answer.status() != 503 && answer.status() != 429) {
                    throw new IllegalStateException("ingest answered " + answer.status() + ": " + answer.body());
                }
                if (answer.retryAfter() != null) {
                    wait = Duration.ofSeconds(Long.parseLong(answer.retryAfter()));
                }
            } catch (IOException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
            }
            if (attempt >= MAX_ATTEMPTS) {
                throw new IllegalStateException("ingest did not accept a batch after " + MAX_ATTEMPTS + " attempts");
            }
            retries.incrementAndGet();
            Thread.sleep(wait.toMillis());
        }
    }
}
