package org.heroes.analytics.client;

import java.nio.file.Path;
import java.util.List;

/**
 * The app's {@link OutboxListener}, called so that an exception it throws is logged (once, here, through the
 * JDK's {@link System.Logger}) and changes nothing of what becomes of the events: a listener's failure must not
 * stop the sender nor keep a batch in the queue forever.
 */
final class Notices {

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());

    private final OutboxListener listener;

    Notices(OutboxListener listener) {
        this.listener = listener;
    }

    void delivered(List<String> eventIds) {
        call("delivered", () -> listener.delivered(eventIds));
    }

    void warned(List<EventWarnings> events) {
        call("warned", () -> listener.warned(events));
    }

    void rejected(List<UndeliveredEvent> events) {
        call("rejected", () -> listener.rejected(events));
    }

    void evicted(List<UndeliveredEvent> events) {
        call("evicted", () -> listener.evicted(events));
    }

    void requestRefused(int status, String detail) {
        call("requestRefused", () -> listener.requestRefused(status, detail));
    }

    void unreadable(Path file, long bytes, String why) {
        call("unreadable", () -> listener.unreadable(file, bytes, why));
    }

    private static void call(String method, Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "OutboxListener." + method + " threw; the outbox goes on", e);
        }
    }
}
