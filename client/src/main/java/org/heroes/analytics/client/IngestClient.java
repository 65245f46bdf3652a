package org.heroes.analytics.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends events (and, with a service token, roster records) to the ingest API. Each event is a JSON
 * object of DESIGN §2 — a {@code Map} or anything Jackson writes as one — carrying its own
 * {@code eventId}, made once by the caller: a retried batch is the same bytes, so the service and the
 * pipeline behind it count every event once however often it was sent. Thread-safe; share one
 * {@link HttpClient} between clients of different tokens.
 *
 * <pre>{@code
 * IngestClient client = IngestClient.builder(URI.create("https://ingest.example"), () -> token).build();
 * SendResult result = client.sendEvents(events);
 * result.rejected().forEach(r -> log(r.index(), r.errors()));
 * }</pre>
 */
public final class IngestClient {

    /** The most events the service takes in one request. */
    public static final int MAX_BATCH = 500;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http;
    private final URI eventsUri;
    private final URI rosterUri;
    private final Supplier<String> token;
    private final int batchSize;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration requestTimeout;
    private final boolean gzip;
    private final Sleeper sleeper;

    private IngestClient(Builder builder) {
        this.http = builder.http != null
                ? builder.http
                : HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5))
                        .build();
        this.eventsUri = builder.baseUrl.resolve("/v1/events");
        this.rosterUri = builder.baseUrl.resolve("/v1/roster");
        this.token = builder.token;
        this.batchSize = builder.batchSize;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.requestTimeout = builder.requestTimeout;
        this.gzip = builder.gzip;
        this.sleeper = builder.sleeper;
    }

    /**
     * @param baseUrl the ingest service, e.g. {@code http://127.0.0.1:8081}
     * @param token the bearer token, asked for before every request (so it may be renewed)
     */
    public static Builder builder(URI baseUrl, Supplier<String> token) {
        return new Builder(baseUrl, token);
    }

    /**
     * Posts the events to {@code POST /v1/events} in batches, in order, each until it is answered for
     * good.
     *
     * @throws IngestException if a batch could not be delivered; earlier batches stay delivered
     * @throws InterruptedException if interrupted while waiting to retry
     */
    public SendResult sendEvents(List<?> events) throws InterruptedException {
        return send(eventsUri, "events", events);
    }

    /** As {@link #sendEvents}, for roster records to {@code POST /v1/roster} (a service token's). */
    public SendResult sendRoster(List<?> records) throws InterruptedException {
        return send(rosterUri, "records", records);
    }

    private SendResult send(URI uri, String arrayField, List<?> items) throws InterruptedException {
        long accepted = 0;
        int retries = 0;
        List<RejectedEvent> rejected = new ArrayList<>();
        for (int offset = 0; offset < items.size(); offset += batchSize) {
            List<?> batch = items.subList(offset, Math.min(items.size(), offset + batchSize));
            Delivery delivery = deliver(uri, body(arrayField, batch));
            accepted += delivery.answer().path("accepted").asLong();
            retries += delivery.retries();
            for (JsonNode rejection : delivery.answer().path("rejected")) {
                JsonNode eventId = rejection.get("eventId");
                List<String> errors = new ArrayList<>();
                rejection.path("errors").forEach(error -> errors.add(error.asString()));
                rejected.add(new RejectedEvent(
                        offset + rejection.path("index").asInt(),
                        eventId != null && eventId.isString() ? eventId.asString() : null,
                        errors));
            }
        }
        return new SendResult(accepted, rejected, retries);
    }

    /** The answer of a batch (202, or the 400 that lists every item rejected) and how many retries it took. */
    private record Delivery(JsonNode answer, int retries) {}

    private Delivery deliver(URI uri, byte[] body) throws InterruptedException {
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            int status = 0;
            String detail;
            IOException failure = null;
            Duration wait = jitter(backoff);
            try {
                HttpResponse<String> response = http.send(request(uri, body), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                JsonNode answer = parse(response.body());
                if (status == 202 || (status == 400 && answer.has("rejected"))) {
                    return new Delivery(answer, attempt - 1);
                }
                detail = answer.path("detail").asString(response.body());
                if (status != 503 && status != 429) {
                    throw new IngestException("ingest answered " + status + ": " + detail, status, null);
                }
                Duration retryAfter =
                        retryAfter(response.headers().firstValue("Retry-After").orElse(null));
                if (retryAfter != null) {
                    wait = retryAfter;
                }
            } catch (IOException e) {
                failure = e;
                detail = e.toString();
            }
            if (attempt >= maxAttempts) {
                throw new IngestException(
                        "ingest did not take a batch in " + maxAttempts + " attempts; last: "
                                + (status == 0 ? "" : status + " ") + detail,
                        status,
                        failure);
            }
            sleeper.sleep(wait);
            backoff = min(backoff.multipliedBy(2), maxBackoff);
        }
    }

    private HttpRequest request(URI uri, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Authorization", "Bearer " + token.get())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json, application/problem+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        return request.build();
    }

    /** The batch's body, made once: every attempt sends the same bytes. */
    private byte[] body(String arrayField, List<?> batch) {
        byte[] json = JSON.writeValueAsBytes(Map.of(arrayField, batch));
        if (!gzip) {
            return json;
        }
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(json.length / 4 + 64);
        try (GZIPOutputStream out = new FastGzip(compressed)) {
            out.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }

    /**
     * gzip at {@link Deflater#BEST_SPEED}: on a 100-event batch (32 KB of JSON) it took a third to half of the
     * CPU of the default level 6 for a body 10 % larger (9.8 KB instead of 8.9 KB); a tablet's battery and the
     * cores a load generator shares with the service are worth more than those bytes.
     */
    private static final class FastGzip extends GZIPOutputStream {

        FastGzip(ByteArrayOutputStream out) throws IOException {
            super(out);
            def.setLevel(Deflater.BEST_SPEED);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (JacksonException e) {
            return JSON.createObjectNode();
        }
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110), at most a minute; null if absent or unreadable. */
    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration wait;
        try {
            wait = Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException notSeconds) {
            try {
                wait = Duration.between(
                        ZonedDateTime.now(), ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
        return wait.isNegative() ? Duration.ZERO : min(wait, Duration.ofMinutes(1));
    }

    /** Between half and all of the back-off, so that many clients do not retry in step. */
    private static Duration jitter(Duration backoff) {
        long millis = Math.max(1, backoff.toMillis());
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Waits between attempts; tests replace it. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** Settings of a client; every one has a default fit for a tablet app. */
    public static final class Builder {

        private final URI baseUrl;
        private final Supplier<String> token;
        private HttpClient http;
        private int batchSize = 100;
        private int maxAttempts = 8;
        private Duration initialBackoff = Duration.ofMillis(200);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private boolean gzip = true;
        private Sleeper sleeper = duration -> Thread.sleep(duration.toMillis());

        private Builder(URI baseUrl, Supplier<String> token) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.token = Objects.requireNonNull(token, "token");
        }

        /** The HTTP client to use (default: a new HTTP/1.1 client with a 5 s connect timeout). */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http);
            return this;
        }

        /** Events per request, 1 to {@value IngestClient#MAX_BATCH} (default 100). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > MAX_BATCH) {
                throw new IllegalArgumentException("batchSize must be 1.." + MAX_BATCH);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** Attempts per batch, counting the first (default 8). */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** The first wait before a retry, doubled after each up to {@code max} (defaults 200 ms, 30 s). */
        public Builder backoff(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("backoff must be positive and initial <= max");
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** How long one request may take before it counts as a network error (default 30 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        /** Whether to gzip request bodies (default true). */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        Builder sleeper(Sleeper sleeper) {
            this.sleeper = sleeper;
            return this;
        }

        public IngestClient build() {
            return new IngestClient(this);
        }
    }
}
