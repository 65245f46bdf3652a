package org.heroes.analytics.client;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/**
 * The outbox's background thread: takes the oldest queued events as a batch, posts it until it is answered for
 * good, tells the app what became of each event, and only then removes the batch from the queue. One batch
 * at a time, so the events leave in the order they came.
 *
 * <ul>
 *   <li>{@code 202}: the rejected items go to {@link OutboxListener#rejected} with their reasons, the others to
 *       {@link OutboxListener#delivered} (those whose unknown fields the service dropped to
 *       {@link OutboxListener#warned} first); all leave the queue. The {@code 400} that lists every item likewise.
 *   <li>No answer, {@code 408}, {@code 429}, {@code 5xx}: the batch stays; the next attempt, as the answer's
 *       {@code Retry-After} says or after the back-off, carries the same events (so the same eventIds).
 *   <li>{@code 413}, or a {@code 400} naming no item: the batch is halved until the one event the service cannot
 *       take is alone, which is then {@linkplain OutboxListener#rejected rejected} with the service's reason.
 *   <li>{@code 401}, {@code 403}, other {@code 4xx}: {@link OutboxListener#requestRefused}; the batch stays and
 *       waits out the back-off.
 * </ul>
 */
final class Sender implements Runnable {

    /** Waits between attempts; tests replace it. */
    @FunctionalInterface
    interface Pauses {
        /**
         * @param serverImposed whether the service asked for this wait ({@code Retry-After}); a back-off of the
         *     client's own is cut short by {@link Outbox#flush}
         */
        void pause(Duration wait, boolean serverImposed) throws InterruptedException;
    }

    /** Settings of the sender. */
    record Settings(URI eventsUri, int batchSize, long maxBodyBytes, boolean sendClock, Clock clock) {}

    private final DiskQueue queue;
    private final Exchange exchange;
    private final Settings settings;
    private final Backoff backoff;
    private final Notices notices;
    private final Signal signal;
    private final AtomicLong hurries = new AtomicLong();
    private volatile boolean closing;
    private volatile boolean paused;
    private Pauses pauses = this::awaitPause;

    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile String lastProblem;
    private volatile CompletableFuture<?> inFlight;
    private int failures;
    private int limit;

    Sender(
            DiskQueue queue,
            Exchange exchange,
            Settings settings,
            Backoff backoff,
            Notices notices,
            Signal signal,
            boolean paused) {
        this.queue = queue;
        this.exchange = exchange;
        this.settings = settings;
        this.backoff = backoff;
        this.notices = notices;
        this.signal = signal;
        this.paused = paused;
        this.limit = settings.batchSize();
    }

    void pauses(Pauses pauses) {
        this.pauses = pauses;
    }

    @Override
    public void run() {
        try {
            while (awaitWork()) {
                try {
                    sendOneBatch();
                } catch (IOException | RuntimeException e) {
                    // the queue's files or the token supplier failed: the batch stays queued, tried again later
                    queue.putBack();
                    signal.raise();
                    fail("the outbox could not send: " + e);
                    pauses.pause(backoff.delay(failures), false);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until there is something to send and sending is not paused; false once the outbox closes. */
    private boolean awaitWork() throws InterruptedException {
        while (!closing) {
            long seen = signal.version();
            if (!paused && queue.size() > 0) {
                return true;
            }
            if (!closing) {
                signal.awaitChange(seen);
            }
        }
        return false;
    }

    private void sendOneBatch() throws IOException, InterruptedException {
        List<DiskQueue.Stored> batch = queue.take(limit, settings.maxBodyBytes() - BatchBody.ENVELOPE_RESERVE);
        if (batch.isEmpty()) {
            return;
        }
        List<byte[]> items = batch.stream().map(DiskQueue.Stored::payload).toList();
        byte[] body = BatchBody.json(
                "events", items, settings.sendClock() ? settings.clock().instant() : null);
        Exchange.Outcome outcome = exchange.post(settings.eventsUri(), body, started -> inFlight = started);
        inFlight = null;
        if (outcome instanceof Exchange.Answered answered) {
            settle(batch, answered);
            failures = 0;
            limit = Math.min(settings.batchSize(), limit * 2);
        } else if (outcome instanceof Exchange.TooLarge tooLarge) {
            narrow(batch, "the service refused the request as too large: " + tooLarge.detail());
        } else if (outcome instanceof Exchange.Unreadable unreadable) {
            narrow(batch, "the service could not read the request: " + unreadable.detail());
        } else if (outcome instanceof Exchange.Refused refused) {
            notices.requestRefused(refused.status(), refused.detail());
            retryLater(refused.status() + " " + refused.detail(), null);
        } else {
            Exchange.Failed failed = (Exchange.Failed) outcome;
            retryLater(
                    (failed.status() == 0 ? "no answer: " : failed.status() + " ") + failed.detail(),
                    failed.retryAfter());
        }
    }

    /** Tells the app what became of each event of an answered batch, then removes the batch from the queue. */
    private void settle(List<DiskQueue.Stored> batch, Exchange.Answered answered) throws IOException {
        List<List<String>> reasons = new ArrayList<>();
        batch.forEach(event -> reasons.add(null));
        for (JsonNode rejection : answered.answer().path("rejected")) {
            int index = rejection.path("index").asInt(-1);
            if (index >= 0 && index < batch.size()) {
                List<String> errors = new ArrayList<>();
                rejection.path("errors").forEach(error -> errors.add(error.asString()));
                reasons.set(index, errors);
            }
        }
        List<UndeliveredEvent> refused = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            DiskQueue.Stored event = batch.get(i);
            if (reasons.get(i) != null) {
                refused.add(Outbox.undelivered(event.payload(), reasons.get(i)));
            } else if (answered.status() != 202) {
                refused.add(
                        Outbox.undelivered(event.payload(), List.of("the service accepted no event of the request")));
            } else {
                accepted.add(Outbox.eventIdOf(event.payload()));
            }
        }
        if (!refused.isEmpty()) {
            notices.rejected(refused);
        }
        if (!accepted.isEmpty()) {
            List<EventWarnings> warned = EventWarnings.of(
                    answered.answer(),
                    batch.size(),
                    i -> Outbox.eventIdOf(batch.get(i).payload()));
            if (!warned.isEmpty()) {
                notices.warned(warned);
            }
            notices.delivered(accepted);
        }
        rejected.addAndGet(refused.size());
        delivered.addAndGet(accepted.size());
        lastProblem = null;
        queue.removeInFlight();
        signal.raise();
    }

    /** A request the service cannot take whole: send half as many; a single event is rejected with the reason. */
    private void narrow(List<DiskQueue.Stored> batch, String reason) throws IOException {
        if (batch.size() == 1) {
            notices.rejected(List.of(Outbox.undelivered(batch.get(0).payload(), List.of(reason))));
            rejected.incrementAndGet();
            queue.removeInFlight();
        } else {
            queue.putBack();
            limit = Math.max(1, batch.size() / 2);
        }
        signal.raise();
    }

    private void retryLater(String problem, Duration retryAfter) throws InterruptedException {
        queue.putBack();
        signal.raise();
        fail(problem);
        if (closing) {
            return;
        }
        if (retryAfter != null) {
            pauses.pause(retryAfter, true);
        } else {
            pauses.pause(backoff.delay(failures), false);
        }
    }

    private void fail(String problem) {
        failures++;
        failedAttempts.incrementAndGet();
        lastProblem = problem;
    }

    /**
     * The outbox's own wait: until the time is up or the outbox closes; a back-off of its own also ends when
     * the app {@linkplain #hurry hurries}, a wait the service asked for does not.
     */
    private void awaitPause(Duration wait, boolean serverImposed) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        long hurried = hurries.get();
        while (true) {
            long seen = signal.version();
            if (closing || (!serverImposed && hurries.get() != hurried)) {
                return;
            }
            if (!signal.awaitChange(seen, deadline)) {
                return;
            }
        }
    }

    /** Cuts short a back-off of the client's own (not a {@code Retry-After}): the app wants the queue sent now. */
    void hurry() {
        hurries.incrementAndGet();
        signal.raise();
    }

    void pause(boolean pause) {
        paused = pause;
        signal.raise();
    }

    boolean paused() {
        return paused;
    }

    /** No new request from now on; the one in flight, if any, is answered or {@linkplain #cancelInFlight cancelled}. */
    void close() {
        closing = true;
        signal.raise();
    }

    /** Cancels the request in flight, if any: its batch stays queued. */
    void cancelInFlight() {
        CompletableFuture<?> request = inFlight;
        if (request != null) {
            request.cancel(true);
        }
    }

    long delivered() {
        return delivered.get();
    }

    long rejected() {
        return rejected.get();
    }

    long failedAttempts() {
        return failedAttempts.get();
    }

    String lastProblem() {
        return lastProblem;
    }
}
