package org.heroes.analytics.client;

/**
 * What an {@link Outbox} holds and has done since it was opened.
 *
 * @param queued events on disk waiting to be answered (the batch in flight included)
 * @param queuedBytes the bytes they take on disk
 * @param enqueued events queued since open
 * @param delivered events the service accepted since open
 * @param rejected events the service refused since open
 * @param evicted events dropped since open because the outbox was full
 * @param failedAttempts requests that will be repeated (no answer, {@code 429}, {@code 5xx}, a refused token)
 * @param lastProblem the last failed attempt, or null if the last attempt succeeded
 * @param paused whether sending is paused ({@link Outbox#pause})
 */
public record OutboxStats(
        int queued,
        long queuedBytes,
        long enqueued,
        long delivered,
        long rejected,
        long evicted,
        long failedAttempts,
        String lastProblem,
        boolean paused) {}
