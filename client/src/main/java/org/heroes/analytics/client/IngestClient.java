package org.heroes.analytics.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Sends events (and, with a service token, roster records) to the ingest API, synchronously, for tools that
 * hold the events themselves (the demo, the benchmark). An app that must not lose events uses {@link Outbox},
 * which keeps them on disk until they are answered. Each event is a JSON object of the ingest API — a
 * {@code Map} or anything Jackson writes as one — carrying its own {@code eventId}, made once by the caller:
 * a retried batch carries the very same events, so the service and the pipeline behind it count every event
 * once however often it was sent. Thread-safe; share one {@link HttpClient} between clients of different
 * tokens.
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

    /** The statuses retried: no answer, 429 and 503; any other refusal of the request is final here. */
    private static final Set<Integer> RETRIED = Set.of(0, 429, 503);

    private final URI eventsUri;
    private final URI rosterUri;
    private final Exchange exchange;
    private final int batchSize;
    private final int maxAttempts;
    private final Backoff backoff;
    private final boolean sendClock;
    private final Clock clock;
    private final Sleeper sleeper;

    private IngestClient(Builder builder) {
        this.eventsUri = builder.baseUrl.resolve("/v1/events");
        this.rosterUri = builder.baseUrl.resolve("/v1/roster");
        this.exchange = new Exchange(
                builder.http != null ? builder.http : Exchange.defaultHttpClient(),
                builder.requestTimeout,
                builder.token,
                builder.gzip,
                builder.clock,
                Duration.ofMinutes(1));
        this.batchSize = builder.batchSize;
        this.maxAttempts = builder.maxAttempts;
        this.backoff = new Backoff(
                builder.initialBackoff,
                builder.maxBackoff,
                bound -> ThreadLocalRandom.current().nextLong(bound + 1));
        this.sendClock = builder.sendClock;
        this.clock = builder.clock;
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
        List<EventWarnings> warnings = new ArrayList<>();
        for (int offset = 0; offset < items.size(); offset += batchSize) {
            List<byte[]> batch = new ArrayList<>();
            for (Object item : items.subList(offset, Math.min(items.size(), offset + batchSize))) {
                batch.add(Exchange.JSON.writeValueAsBytes(item));
            }
            Delivery delivery = deliver(uri, arrayField, batch);
            warnings.addAll(EventWarnings.of(
                    delivery.answer(),
                    batch.size(),
                    i -> Exchange.JSON.readTree(batch.get(i)).path("eventId").asString(null)));
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
        return new SendResult(accepted, rejected, retries, warnings);
    }

    /** The answer of a batch (202, or the 400 that lists every item rejected) and how many retries it took. */
    private record Delivery(JsonNode answer, int retries) {}

    private Delivery deliver(URI uri, String arrayField, List<byte[]> items) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            Instant sentAt = sendClock && arrayField.equals("events") ? clock.instant() : null;
            Exchange.Outcome outcome = exchange.post(uri, BatchBody.json(arrayField, items, sentAt), started -> {});
            if (outcome instanceof Exchange.Answered answered) {
                return new Delivery(answered.answer(), attempt - 1);
            }
            if (!(outcome instanceof Exchange.Failed failed) || !RETRIED.contains(failed.status())) {
                throw refusal(outcome);
            }
            if (attempt >= maxAttempts) {
                throw new IngestException(
                        "ingest did not take a batch in " + maxAttempts + " attempts; last: "
                                + (failed.status() == 0 ? "" : failed.status() + " ") + failed.detail(),
                        failed.status(),
                        failed.cause());
            }
            sleeper.sleep(failed.retryAfter() != null ? failed.retryAfter() : backoff.delay(attempt));
        }
    }

    /** A final answer other than 202: the whole request refused, at once. */
    private static IngestException refusal(Exchange.Outcome outcome) {
        if (outcome instanceof Exchange.Failed failed) {
            return new IngestException(
                    "ingest answered " + failed.status() + ": " + failed.detail(), failed.status(), null);
        }
        if (outcome instanceof Exchange.TooLarge tooLarge) {
            return new IngestException("ingest answered 413: " + tooLarge.detail(), 413, null);
        }
        if (outcome instanceof Exchange.Unreadable unreadable) {
            return new IngestException("ingest answered 400: " + unreadable.detail(), 400, null);
        }
        Exchange.Refused refused = (Exchange.Refused) outcome;
        return new IngestException(
                "ingest answered " + refused.status() + ": " + refused.detail(), refused.status(), null);
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
        private boolean sendClock = true;
        private Clock clock = Clock.systemUTC();
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

        /**
         * The back-off between attempts: a random wait (full jitter) up to {@code initial}, then up to twice
         * that after each failure, the ceiling bounded by {@code max} (defaults 200 ms, 30 s). A {@code Retry-After}
         * of the answer (at most a minute) is waited instead.
         */
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

        /**
         * Whether each events request carries {@code sentAt}, this client's clock when it sent the request
         * (default true): the service uses it to correct event times from a device whose clock is wrong.
         */
        public Builder sendClock(boolean sendClock) {
            this.sendClock = sendClock;
            return this;
        }

        /** The clock {@code sentAt} reads (default the system clock, UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
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
