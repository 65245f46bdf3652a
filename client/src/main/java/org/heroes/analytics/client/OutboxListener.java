package org.heroes.analytics.client;

import java.nio.file.Path;
import java.util.List;

/**
 * What an {@link Outbox} tells the app. Every event it is given leaves it in exactly one of three ways —
 * {@link #delivered}, {@link #rejected} or {@link #evicted} — and the app hears of it <em>before</em> the outbox
 * forgets the event: a crash in between means the app may hear of the same events again after the restart
 * (at-least-once; the {@code eventId}s tell repeats apart), never that it hears nothing.
 *
 * <p>Called on the outbox's sender thread, except {@link #evicted}, which runs on the thread whose
 * {@code enqueue} made room. Methods should return quickly; an exception they throw is logged and does not
 * change what becomes of the events.
 */
public interface OutboxListener {

    /** The service accepted these events (Kafka acknowledged them); they leave the outbox. */
    default void delivered(List<String> eventIds) {}

    /**
     * Among the events about to be reported {@linkplain #delivered delivered}, these carried fields the service
     * does not know (an app newer than the service): it dropped those fields, stored none of them, and counted
     * the events. Heard just before {@link #delivered}.
     */
    default void warned(List<EventWarnings> events) {}

    /**
     * The service refused these events, each with its reasons; they leave the outbox, since sending one again
     * unchanged would be refused again.
     */
    default void rejected(List<UndeliveredEvent> events) {}

    /**
     * The outbox was full, and these, its oldest events, were dropped to make room for newer ones; they were
     * never delivered (an event in flight is never evicted).
     */
    default void evicted(List<UndeliveredEvent> events) {}

    /**
     * The service refused a request as a whole: {@code 401} or {@code 403} — the token is missing, expired, or
     * not for these events' classroom — or another {@code 4xx} that no retry cures by itself (a wrong address).
     * The events stay queued; the outbox tries again after its back-off, asking the token supplier anew.
     */
    default void requestRefused(int status, String detail) {}

    /**
     * Part of a file of the outbox could not be read when it was opened (damaged storage): {@code bytes} of
     * events are lost. An unreadable checkpoint loses nothing ({@code bytes} 0): every stored event is sent
     * again, and the service counts each {@code eventId} once.
     */
    default void unreadable(Path file, long bytes, String why) {}
}
