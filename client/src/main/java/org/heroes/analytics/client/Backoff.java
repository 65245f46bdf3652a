package org.heroes.analytics.client;

import java.time.Duration;
import java.util.function.LongUnaryOperator;

/**
 * Exponential back-off with full jitter: before retry {@code n} (from 1) a random wait in
 * {@code [0, min(max, initial × 2^(n-1))]}. Clients that failed together spread their retries over the whole
 * interval instead of returning in step, which is what overloads a service that just came back.
 *
 * @param initial the ceiling before the first retry
 * @param max the ceiling's bound
 * @param random {@code bound -> a uniform value in [0, bound]}; tests pin it
 */
record Backoff(Duration initial, Duration max, LongUnaryOperator random) {

    Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off must be positive and initial <= max");
        }
    }

    /** The ceiling of the wait before retry {@code retry} (1 for the first). */
    Duration ceiling(int retry) {
        long ceiling = initial.toMillis();
        for (int i = 1; i < retry && ceiling < max.toMillis(); i++) {
            ceiling *= 2;
        }
        return Duration.ofMillis(Math.min(ceiling, max.toMillis()));
    }

    /** The wait before retry {@code retry} (1 for the first). */
    Duration delay(int retry) {
        return Duration.ofMillis(random.applyAsLong(ceiling(retry).toMillis()));
    }
}
