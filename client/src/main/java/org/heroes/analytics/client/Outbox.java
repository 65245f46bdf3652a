package org.heroes.analytics.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The durable client of the ingest API for apps: {@link #enqueue} writes the event to a queue on disk and
 * returns once it is synced to the device, so it survives an app restart or a crash; a background thread sends
 * the queue in batches and tells the app, through its {@link OutboxListener}, what became of every event.
 *
 * <pre>{@code
 * Outbox outbox = Outbox.builder(appFilesDir.resolve("heroes-outbox"), ingestUrl, tokens::current)
 *         .listener(new OutboxListener() {
 *             public void rejected(List<UndeliveredEvent> events) { log(events); }
 *             public void requestRefused(int status, String detail) { tokens.renew(); }
 *         })
 *         .build();
 * outbox.enqueue(Map.of("kind", "progress", "eventId", id, ...));   // durable when it returns
 * outbox.flush(Duration.ofSeconds(10));                           // optional: wait until sent
 * outbox.close();                                                 // what is unsent stays for the next open
 * }</pre>
 *
 * <p>Guarantees. Every event enqueued is, in the end, either delivered, or reported rejected (with the
 * service's reasons) or evicted (the queue was full: the oldest go first) — nothing leaves silently. Transmission
 * is at-least-once: a batch is removed from the disk only after its answer, so a crash while it is in flight
 * sends it again, with the same {@code eventId}s, and the pipeline, idempotent on {@code eventId}, counts each
 * event once (exactly-once effect). A batch whose answer was recorded before a crash is never sent again.
 *
 * <p>One outbox per directory (an exclusive file lock, across processes too). Thread-safe.
 */
public final class Outbox implements AutoCloseable {

    /** The largest request body the ingest API takes, uncompressed (its {@code 413} limit). */
    public static final long MAX_BODY_BYTES = 1024 * 1024;

    private final DiskQueue queue;
    private final Sender sender;
    private final Thread thread;
    private final Signal signal;
    private final Notices notices;
    private final int maxEventBytes;
    private final int maxEvents;
    private final long maxBytes;
    private final Duration closeTimeout;
    private final AtomicLong enqueued = new AtomicLong();
    private final AtomicLong evicted = new AtomicLong();
    private volatile boolean closed;

    private Outbox(Builder builder) throws IOException {
        this.notices = new Notices(builder.listener);
        this.signal = new Signal();
        this.maxEventBytes = (int) Math.min(Segment.MAX_RECORD, builder.maxBodyBytes - BatchBody.ENVELOPE_RESERVE - 1);
        this.maxEvents = builder.maxEvents;
        this.maxBytes = builder.maxBytes;
        this.closeTimeout = builder.closeTimeout;
        this.queue = DiskQueue.open(
                builder.directory,
                new DiskQueue.Limits(builder.maxEvents, builder.maxBytes, builder.segmentBytes),
                new DiskQueue.Listener() {
                    @Override
                    public void evicted(List<DiskQueue.Stored> records) {
                        reportEvicted(records);
                    }

                    @Override
                    public void unreadable(Path file, long bytes, String why) {
                        notices.unreadable(file, bytes, why);
                    }
                });
        Exchange exchange = new Exchange(
                builder.http != null ? builder.http : Exchange.defaultHttpClient(),
                builder.requestTimeout,
                builder.token,
                builder.gzip,
                builder.clock,
                Duration.ofMinutes(10));
        this.sender = new Sender(
                queue,
                exchange,
                new Sender.Settings(
                        builder.baseUrl.resolve("/v1/events"),
                        builder.batchSize,
                        builder.maxBodyBytes,
                        builder.sendClock,
                        builder.clock),
                new Backoff(builder.initialBackoff, builder.maxBackoff, builder.random),
                notices,
                signal,
                builder.paused);
        if (builder.pauses != null) {
            sender.pauses(builder.pauses);
        }
        this.thread = new Thread(sender, "heroes-outbox-sender");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @param directory where the queue lives (created if missing); the app's own storage, one outbox per directory
     * @param baseUrl the ingest service, e.g. {@code https://ingest.example}
     * @param token the bearer token (a client app's, for one classroom), asked for before every request
     */
    public static Builder builder(Path directory, URI baseUrl, Supplier<String> token) {
        return new Builder(directory, baseUrl, token);
    }

    /**
     * Queues one event durably: when this returns, the event is on the device's storage and will be sent even
     * if the app dies now. The event is a JSON object of the ingest API (a {@code Map}, a record, a Jackson
     * node); an event without an {@code eventId} is given a random one, kept with it from now on.
     *
     * @return the event's {@code eventId}
     * @throws IllegalArgumentException if the event is not a JSON object, its {@code eventId} is not a string, or
     *     it is larger than one request may be
     * @throws IOException if it could not be stored: it is not queued
     */
    public String enqueue(Object event) throws IOException {
        return enqueueAll(List.of(event)).get(0);
    }

    /** As {@link #enqueue}, for several events with one sync to storage; all are queued, or none. */
    public List<String> enqueueAll(List<?> events) throws IOException {
        if (closed) {
            throw new IllegalStateException("the outbox is closed");
        }
        List<byte[]> payloads = new ArrayList<>(events.size());
        List<String> eventIds = new ArrayList<>(events.size());
        for (Object event : events) {
            ObjectNode json = asObject(event);
            eventIds.add(json.get("eventId").asString());
            byte[] payload = Exchange.JSON.writeValueAsBytes(json);
            if (payload.length > maxEventBytes) {
                throw new IllegalArgumentException("event " + eventIds.get(eventIds.size() - 1) + " is "
                        + payload.length + " bytes, more than a request may carry (" + maxEventBytes + ")");
            }
            payloads.add(payload);
        }
        queue.append(payloads);
        enqueued.addAndGet(payloads.size());
        signal.raise();
        return eventIds;
    }

    private static ObjectNode asObject(Object event) {
        JsonNode node = Exchange.JSON.valueToTree(Objects.requireNonNull(event, "event"));
        if (!(node instanceof ObjectNode json)) {
            throw new IllegalArgumentException("an event must be a JSON object, not " + node.getNodeType());
        }
        JsonNode eventId = json.get("eventId");
        if (eventId == null || eventId.isNull()) {
            json.put("eventId", UUID.randomUUID().toString());
        } else if (!eventId.isString() || eventId.asString().isBlank()) {
            throw new IllegalArgumentException("eventId must be a non-blank string, not " + eventId);
        }
        return json;
    }

    /**
     * Sends what is queued now, cutting short a back-off of the outbox's own (not a wait the service asked
     * for), and waits until the queue is empty or the time is up. It does not resume a paused outbox.
     *
     * @return whether the queue is empty: every event delivered, rejected or evicted
     */
    public boolean flush(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        sender.hurry();
        while (true) {
            long seen = signal.version();
            if (queue.size() == 0) {
                return true;
            }
            if (!signal.awaitChange(seen, deadline)) {
                return queue.size() == 0;
            }
        }
    }

    /** Stops sending after the request in flight (an app going offline on purpose); enqueue goes on. */
    public void pause() {
        sender.pause(true);
    }

    /** Sends again after {@link #pause}, at once. */
    public void resume() {
        sender.pause(false);
        sender.hurry();
    }

    public OutboxStats stats() {
        return new OutboxStats(
                queue.size(),
                queue.bytes(),
                enqueued.get(),
                sender.delivered(),
                sender.rejected(),
                evicted.get(),
                sender.failedAttempts(),
                sender.lastProblem(),
                sender.paused());
    }

    /** The {@code eventId}s queued now, oldest first (read from storage: for diagnostics and tests). */
    public List<String> pendingEventIds() throws IOException {
        return queue.pending().stream().map(s -> eventIdOf(s.payload())).toList();
    }

    /**
     * Stops the sender and closes the queue; everything not yet answered stays on disk for the next open.
     * A request in flight is given the close timeout (default 5 s) to be answered, so that its answer is
     * recorded, then cancelled: its batch is sent again after the next open.
     */
    @Override
    public void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        sender.close();
        thread.join(closeTimeout.toMillis());
        if (thread.isAlive()) {
            sender.cancelInFlight();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        queue.close();
    }

    private void reportEvicted(List<DiskQueue.Stored> records) {
        List<UndeliveredEvent> events = new ArrayList<>(records.size());
        String reason = "evicted: the outbox was full (at most " + maxEvents + " events, " + maxBytes + " bytes);"
                + " the oldest events make room for new ones";
        for (DiskQueue.Stored record : records) {
            events.add(undelivered(record.payload(), List.of(reason)));
        }
        evicted.addAndGet(events.size());
        notices.evicted(events);
    }

    static UndeliveredEvent undelivered(byte[] payload, List<String> reasons) {
        return new UndeliveredEvent(eventIdOf(payload), new String(payload, StandardCharsets.UTF_8), reasons);
    }

    /** The {@code eventId} of a stored event (every stored event has one: {@link #enqueue} sees to it). */
    static String eventIdOf(byte[] payload) {
        return Exchange.JSON.readTree(payload).path("eventId").asString();
    }

    /** Settings of an outbox; every one has a default fit for a tablet app. */
    public static final class Builder {

        private final Path directory;
        private final URI baseUrl;
        private final Supplier<String> token;
        private OutboxListener listener = new OutboxListener() {};
        private HttpClient http;
        private int batchSize = 250;
        private long maxBodyBytes = MAX_BODY_BYTES;
        private int maxEvents = 100_000;
        private long maxBytes = 64L * 1024 * 1024;
        private long segmentBytes = 4L * 1024 * 1024;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofMinutes(5);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(5);
        private boolean gzip = true;
        private boolean sendClock = true;
        private boolean paused;
        private Clock clock = Clock.systemUTC();
        private LongUnaryOperator random = bound -> ThreadLocalRandom.current().nextLong(bound + 1);
        private Sender.Pauses pauses;

        private Builder(Path directory, URI baseUrl, Supplier<String> token) {
            this.directory = Objects.requireNonNull(directory, "directory");
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.token = Objects.requireNonNull(token, "token");
        }

        /** Who hears what became of the events (default: nobody; the stats still count). */
        public Builder listener(OutboxListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        /** The HTTP client to use (default: a new HTTP/1.1 client with a 5 s connect timeout). */
        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http);
            return this;
        }

        /** The most events in one request, 1 to {@value IngestClient#MAX_BATCH} (default 250). */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > IngestClient.MAX_BATCH) {
                throw new IllegalArgumentException("batchSize must be 1.." + IngestClient.MAX_BATCH);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** The largest request body, uncompressed (default and most {@value #MAX_BODY_BYTES}: the service's limit). */
        public Builder maxBodyBytes(long maxBodyBytes) {
            if (maxBodyBytes < 1024 || maxBodyBytes > MAX_BODY_BYTES) {
                throw new IllegalArgumentException("maxBodyBytes must be 1024.." + MAX_BODY_BYTES);
            }
            this.maxBodyBytes = maxBodyBytes;
            return this;
        }

        /**
         * The bound of the queue: at most {@code maxEvents} events taking at most {@code maxBytes} on disk
         * (defaults 100 000 and 64 MiB). Beyond it the oldest queued events are evicted, and reported.
         */
        public Builder capacity(int maxEvents, long maxBytes) {
            if (maxEvents < 1 || maxBytes < 1) {
                throw new IllegalArgumentException("capacity must be positive");
            }
            this.maxEvents = maxEvents;
            this.maxBytes = maxBytes;
            return this;
        }

        /**
         * The back-off between failed attempts: a random wait (full jitter) up to {@code initial}, up to twice
         * that after each further failure, the ceiling bounded by {@code max} (defaults 1 s, 5 min). A
         * {@code Retry-After} of the answer (at most 10 min) is waited instead. The outbox never gives up.
         */
        public Builder backoff(Duration initial, Duration max) {
            new Backoff(initial, max, random);
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /** How long one request may take before it counts as unanswered (default 30 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = Objects.requireNonNull(requestTimeout);
            return this;
        }

        /** How long {@link Outbox#close} waits for a request in flight before cancelling it (default 5 s). */
        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = Objects.requireNonNull(closeTimeout);
            return this;
        }

        /** Whether to gzip request bodies (default true). */
        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        /**
         * Whether each request carries {@code sentAt}, the device's clock when the request was sent (default
         * true), for the service to correct the times of events from a device whose clock is wrong.
         */
        public Builder sendClock(boolean sendClock) {
            this.sendClock = sendClock;
            return this;
        }

        /** The clock {@code sentAt} reads (default the system clock). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** Opens the outbox paused: it queues, and sends nothing until {@link Outbox#resume}. */
        public Builder paused(boolean paused) {
            this.paused = paused;
            return this;
        }

        Builder segmentBytes(long segmentBytes) {
            this.segmentBytes = segmentBytes;
            return this;
        }

        Builder random(LongUnaryOperator random) {
            this.random = random;
            return this;
        }

        Builder pauses(Sender.Pauses pauses) {
            this.pauses = pauses;
            return this;
        }

        /**
         * Opens the queue in the directory (resuming what an earlier run left) and starts sending.
         *
         * @throws IllegalStateException if another outbox, in this process or another, has the directory open
         */
        public Outbox build() throws IOException {
            return new Outbox(this);
        }
    }
}
