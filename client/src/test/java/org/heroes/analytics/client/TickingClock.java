package org.heroes.analytics.client;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that starts at a given instant and moves one second each time it is read. */
final class TickingClock extends Clock {

    private final Instant start;
    private final AtomicLong reads = new AtomicLong();

    TickingClock(String start) {
        this.start = Instant.parse(start);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return start.plusSeconds(reads.getAndIncrement());
    }
}
