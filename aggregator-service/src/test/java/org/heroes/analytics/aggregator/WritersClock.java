package org.heroes.analytics.aggregator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The writers' clock in the integration tests: the {@code Clock} bean the retention configuration gives the
 * writers' age filter. It is the system's, except while a test writes {@link #earlier}: rows older than the
 * retention age, as they were stored when they were young, for the retention job to find.
 */
public final class WritersClock extends Clock {

    private volatile Duration back = Duration.ZERO;

    /** Runs {@code write} with the writers' clock {@code by} earlier than now. */
    public void earlier(Duration by, Runnable write) {
        back = by;
        try {
            write.run();
        } finally {
            back = Duration.ZERO;
        }
    }

    @Override
    public Instant instant() {
        return Instant.now().minus(back);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    /** This clock's instants, told in {@code zone}. */
    @Override
    public Clock withZone(ZoneId zone) {
        WritersClock writers = this;
        return new Clock() {
            @Override
            public Instant instant() {
                return writers.instant();
            }

            @Override
            public ZoneId getZone() {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId other) {
                return writers.withZone(other);
            }
        };
    }

    /** Puts the clock into every aggregator integration test's context. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class InContext {

        @Bean
        WritersClock writersClock() {
            return new WritersClock();
        }
    }
}
